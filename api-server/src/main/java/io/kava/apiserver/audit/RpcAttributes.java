package io.kava.apiserver.audit;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.PortForwardInput;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.v1.BindRequest;
import io.kava.api.v1.CreateRequest;
import io.kava.api.v1.DeleteRequest;
import io.kava.api.v1.EvictRequest;
import io.kava.api.v1.GetRequest;
import io.kava.api.v1.ListRequest;
import io.kava.api.v1.PatchRequest;
import io.kava.api.v1.UpdateRequest;
import io.kava.api.v1.UpdateScaleRequest;
import io.kava.api.v1.WatchRequest;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.UserInfo;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.Optional;

/**
 * What an RPC of the Api service does, in upstream's terms (verb, group, resource, subresource, namespace,
 * name), from its method name and request message. Same shape as the authorization side's mapper (the
 * rbac work): the two are meant to become one class.
 */
public final class RpcAttributes {
  private RpcAttributes() {}

  /** The bare method name of "kava.api.v1.Api/Create": "Create". */
  public static String methodName(String fullMethodName) {
    int slash = fullMethodName.lastIndexOf('/');
    return slash < 0 ? fullMethodName : fullMethodName.substring(slash + 1);
  }

  /** The attributes of a call; request may be null when the call ended before its first message. */
  public static RequestAttributes of(String fullMethodName, Object request, UserInfo user) {
    String method = methodName(fullMethodName);
    return switch (method) {
      case "Create" -> request instanceof CreateRequest r ? object("create", r.getObject(), "", user) : bare("create", user);
      case "Update" -> request instanceof UpdateRequest r ? object("update", r.getObject(), "", user) : bare("update", user);
      case "UpdateStatus" -> request instanceof UpdateRequest r ? object("update", r.getObject(), "status", user)
          : bare("update", user);
      case "Get" -> request instanceof GetRequest r ? resource("get", r.getResource(), "", r.getNamespace(), r.getName(), user)
          : bare("get", user);
      case "GetScale" -> request instanceof GetRequest r
          ? resource("get", r.getResource(), "scale", r.getNamespace(), r.getName(), user) : bare("get", user);
      case "UpdateScale" -> request instanceof UpdateScaleRequest r ? resource("update", r.getResource(), "scale",
          r.getScale().getMetadata().getNamespace(), r.getScale().getMetadata().getName(), user) : bare("update", user);
      case "List" -> request instanceof ListRequest r ? resource("list", r.getResource(), "", r.getNamespace(), "", user)
          : bare("list", user);
      case "Watch" -> request instanceof WatchRequest r ? resource("watch", r.getResource(), "", r.getNamespace(), "", user)
          : bare("watch", user);
      case "Delete" -> request instanceof DeleteRequest r
          ? resource("delete", r.getResource(), "", r.getNamespace(), r.getName(), user) : bare("delete", user);
      case "Patch" -> request instanceof PatchRequest r
          ? resource("patch", r.getResource(), "", r.getNamespace(), r.getName(), user) : bare("patch", user);
      case "Bind" -> request instanceof BindRequest r ? pod("create", "binding", r.getNamespace(), r.getName(), user)
          : pod("create", "binding", "", "", user);
      case "Evict" -> request instanceof EvictRequest r ? pod("create", "eviction", r.getNamespace(), r.getName(), user)
          : pod("create", "eviction", "", "", user);
      case "PodLogs" -> podRef("get", "log", request instanceof LogRequest r ? r.getPod() : null, user);
      case "PodExec" -> podRef("create", "exec", startPod(request), user);
      case "PodAttach" -> podRef("create", "attach", startPod(request), user);
      case "PodPortForward" -> podRef("create", "portforward",
          request instanceof PortForwardInput r && r.hasStart() ? r.getStart().getPod() : null, user);
      case "ListNodeMetrics" -> new RequestAttributes(user, "list", "metrics.k8s.io", "nodes", "", "", "");
      case "ListPodMetrics" -> new RequestAttributes(user, "list", "metrics.k8s.io", "pods", "",
          request instanceof ListRequest r ? r.getNamespace() : "", "");
      case "Version" -> new RequestAttributes(user, "get", "", "", "", "", "");
      default -> bare(method.toLowerCase(java.util.Locale.ROOT), user);
    };
  }

  /** True for calls that are not about a resource (upstream's non-resource URLs: /version). */
  public static boolean nonResource(String fullMethodName) {
    return methodName(fullMethodName).equals("Version");
  }

  private static RequestAttributes bare(String verb, UserInfo user) {
    return new RequestAttributes(user, verb, "", "", "", "", "");
  }

  private static RequestAttributes resource(String verb, String resource, String subresource, String namespace,
      String name, UserInfo user) {
    Optional<Kind> kind = Kinds.byResource(resource);
    String group = kind.map(Kind::group).orElse("");
    String ns = kind.map(k -> k.namespaced() ? namespace : "").orElse(namespace);
    return new RequestAttributes(user, verb, group, kind.map(Kind::resource).orElse(resource), subresource, ns, name);
  }

  private static RequestAttributes pod(String verb, String subresource, String namespace, String name, UserInfo user) {
    return new RequestAttributes(user, verb, "", "pods", subresource, namespace, name);
  }

  private static RequestAttributes podRef(String verb, String subresource, PodRef pod, UserInfo user) {
    return pod == null ? pod(verb, subresource, "", "", user) : pod(verb, subresource, pod.getNamespace(), pod.getName(), user);
  }

  private static PodRef startPod(Object request) {
    return request instanceof StreamInput r && r.hasStart() ? r.getStart().getPod() : null;
  }

  private static RequestAttributes object(String verb, Any object, String subresource, UserInfo user) {
    Optional<Kind> kind = Kinds.byTypeUrl(object.getTypeUrl());
    if (kind.isEmpty()) {
      return bare(verb, user);
    }
    ObjectMeta meta = unpackedMeta(kind.get(), object);
    return new RequestAttributes(user, verb, kind.get().group(), kind.get().resource(), subresource,
        kind.get().namespaced() ? meta.getNamespace() : "", meta.getName());
  }

  /** The object of a request, or null when it does not parse as its kind. */
  public static Message unpack(Kind kind, Any object) {
    try {
      return kind.defaultInstance().getParserForType().parseFrom(object.getValue());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return null;
    }
  }

  private static ObjectMeta unpackedMeta(Kind kind, Any object) {
    Message m = unpack(kind, object);
    return m == null ? ObjectMeta.getDefaultInstance() : ApiObjects.meta(m);
  }
}
