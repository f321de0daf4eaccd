package io.kava.apiserver.auth;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kava.api.authorization.v1.SelfSubjectAccessReview;
import io.kava.api.authorization.v1.SelfSubjectRulesReview;
import io.kava.api.authorization.v1.SubjectAccessReview;
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
import io.kava.apiserver.errors.ApiError;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelectors;
import java.util.Optional;

/**
 * What each RPC of service Api does, as upstream's RequestInfoResolver reads it from a URL: the verb,
 * the resource (and subresource), namespace and name, taken from the call's first request message.
 * The one mapping from RPC to request attributes: authorization reads it strictly ({@link #map}: empty
 * for calls every caller may make, Version; an RPC it does not know is refused, fail closed), the audit
 * log leniently ({@link #describe}: also for a call refused before its request arrived or whose request
 * does not decode).
 */
public final class RequestAttributesMapper {
  public static final String METRICS_GROUP = "metrics.k8s.io";
  public static final String AUTHORIZATION_GROUP = "authorization.k8s.io";
  public static final String AUTHENTICATION_GROUP = "authentication.k8s.io";

  private RequestAttributesMapper() {}

  public static Optional<RequestAttributes> map(UserInfo user, String method, Object request) {
    return Optional.ofNullable(switch (method) {
      case "Version" -> null;
      case "Create" -> object(user, "create", ((CreateRequest) request).getObject(), false, "");
      case "Update" -> object(user, "update", ((UpdateRequest) request).getObject(), true, "");
      case "UpdateStatus" -> object(user, "update", ((UpdateRequest) request).getObject(), true, "status");
      case "UpdateApproval" -> object(user, "update", ((UpdateRequest) request).getObject(), true, "approval");
      case "Get" -> named(user, "get", (GetRequest) request, "");
      case "GetScale" -> named(user, "get", (GetRequest) request, "scale");
      case "List" -> {
        ListRequest r = (ListRequest) request;
        yield collection(user, "list", r.getResource(), r.getNamespace(), r.getFieldSelector());
      }
      case "Watch" -> {
        WatchRequest r = (WatchRequest) request;
        yield collection(user, "watch", r.getResource(), r.getNamespace(), r.getFieldSelector());
      }
      case "Delete" -> {
        DeleteRequest r = (DeleteRequest) request;
        yield resource(user, "delete", r.getResource(), "", r.getNamespace(), r.getName());
      }
      case "Patch" -> {
        PatchRequest r = (PatchRequest) request;
        yield resource(user, "patch", r.getResource(), "", r.getNamespace(), r.getName());
      }
      case "UpdateScale" -> {
        UpdateScaleRequest r = (UpdateScaleRequest) request;
        yield resource(user, "update", r.getResource(), "scale", r.getScale().getMetadata().getNamespace(),
            r.getScale().getMetadata().getName());
      }
      case "Bind" -> {
        BindRequest r = (BindRequest) request;
        yield pod(user, "create", "binding", r.getNamespace(), r.getName());
      }
      case "Evict" -> {
        EvictRequest r = (EvictRequest) request;
        yield pod(user, "create", "eviction", r.getNamespace(), r.getName());
      }
      case "PodLogs" -> pod(user, "get", "log", ((LogRequest) request).getPod());
      case "PodExec" -> pod(user, "create", "exec", ((StreamInput) request).getStart().getPod());
      case "PodAttach" -> pod(user, "create", "attach", ((StreamInput) request).getStart().getPod());
      case "PodPortForward" -> pod(user, "create", "portforward", ((PortForwardInput) request).getStart().getPod());
      case "ListNodeMetrics" -> new RequestAttributes(user, "list", METRICS_GROUP, "nodes", "", "", "");
      case "ListPodMetrics" -> new RequestAttributes(user, "list", METRICS_GROUP, "pods", "",
          ((ListRequest) request).getNamespace(), "");
      case "CreateSelfSubjectAccessReview", "CreateSelfSubjectRulesReview" -> review(user, reviewResource(request));
      case "CreateToken" -> {
        io.kava.api.v1.CreateTokenRequest r = (io.kava.api.v1.CreateTokenRequest) request;
        yield new RequestAttributes(user, "create", "", "serviceaccounts", "token", r.getNamespace(), r.getName());
      }
      case "CreateSubjectAccessReview" -> review(user, "subjectaccessreviews");
      case "CreateSelfSubjectReview" ->
          new RequestAttributes(user, "create", AUTHENTICATION_GROUP, "selfsubjectreviews", "", "", "");
      default -> throw new ApiError(io.grpc.Status.Code.PERMISSION_DENIED, "Forbidden",
          "no authorization rule for method " + method, java.util.List.of(), "", "");
    });
  }

  /**
   * The attributes of any call, never throwing: from its request when there is one that maps, else what
   * the method name alone tells (the verb, and the resource of calls that have a fixed one).
   *
   * @param request the call's first message, or null when the call ended before it arrived
   */
  public static RequestAttributes describe(UserInfo user, String method, Object request) {
    if (request != null) {
      try {
        Optional<RequestAttributes> mapped = map(user, method, request);
        if (mapped.isPresent()) {
          return mapped.get();
        }
      } catch (RuntimeException e) {
        // Not decodable or not the method's message: fall back to the method name.
      }
    }
    return byMethodName(user, method);
  }

  /** True for calls that are about no resource (upstream's non-resource URLs): Version is /version. */
  public static boolean nonResource(String method) {
    return method.equals("Version");
  }

  private static RequestAttributes byMethodName(UserInfo user, String method) {
    return switch (method) {
      case "Version" -> new RequestAttributes(user, "get", "", "", "", "", "");
      case "Create" -> bare(user, "create");
      case "Update", "UpdateScale" -> bare(user, "update");
      case "UpdateStatus" -> new RequestAttributes(user, "update", "", "", "status", "", "");
      case "UpdateApproval" -> new RequestAttributes(user, "update", "certificates.k8s.io", "certificatesigningrequests",
          "approval", "", "");
      case "Get", "GetScale" -> bare(user, "get");
      case "List" -> bare(user, "list");
      case "Watch" -> bare(user, "watch");
      case "Delete" -> bare(user, "delete");
      case "Patch" -> bare(user, "patch");
      case "Bind" -> pod(user, "create", "binding", "", "");
      case "Evict" -> pod(user, "create", "eviction", "", "");
      case "PodLogs" -> pod(user, "get", "log", "", "");
      case "PodExec" -> pod(user, "create", "exec", "", "");
      case "PodAttach" -> pod(user, "create", "attach", "", "");
      case "PodPortForward" -> pod(user, "create", "portforward", "", "");
      case "ListNodeMetrics" -> new RequestAttributes(user, "list", METRICS_GROUP, "nodes", "", "", "");
      case "ListPodMetrics" -> new RequestAttributes(user, "list", METRICS_GROUP, "pods", "", "", "");
      case "CreateSelfSubjectAccessReview" -> review(user, "selfsubjectaccessreviews");
      case "CreateSelfSubjectRulesReview" -> review(user, "selfsubjectrulesreviews");
      case "CreateSubjectAccessReview" -> review(user, "subjectaccessreviews");
      case "CreateSelfSubjectReview" -> new RequestAttributes(user, "create", AUTHENTICATION_GROUP, "selfsubjectreviews", "", "", "");
      case "CreateToken" -> new RequestAttributes(user, "create", "", "serviceaccounts", "token", "", "");
      default -> bare(user, method.toLowerCase(java.util.Locale.ROOT));
    };
  }

  private static RequestAttributes bare(UserInfo user, String verb) {
    return new RequestAttributes(user, verb, "", "", "", "", "");
  }

  private static RequestAttributes review(UserInfo user, String resource) {
    return new RequestAttributes(user, "create", AUTHORIZATION_GROUP, resource, "", "", "");
  }

  private static String reviewResource(Object request) {
    return request instanceof SelfSubjectRulesReview ? "selfsubjectrulesreviews"
        : request instanceof SelfSubjectAccessReview ? "selfsubjectaccessreviews" : "subjectaccessreviews";
  }

  /** Create and update name the object inside the request; create has no name, as upstream's URL has none. */
  private static RequestAttributes object(UserInfo user, String verb, Any any, boolean named, String subresource) {
    Kind kind = Kinds.byTypeUrl(any.getTypeUrl()).orElseThrow(() -> ApiError.badRequest("unknown object type " + any.getTypeUrl()));
    Message object;
    try {
      object = kind.defaultInstance().getParserForType().parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw ApiError.badRequest("the object could not be decoded: " + e.getMessage());
    }
    var meta = ApiObjects.meta(object);
    return new RequestAttributes(user, verb, kind.group(), kind.resource(), subresource,
        kind.namespaced() ? meta.getNamespace() : "", named ? meta.getName() : "");
  }

  private static RequestAttributes named(UserInfo user, String verb, GetRequest r, String subresource) {
    return resource(user, verb, r.getResource(), subresource, r.getNamespace(), r.getName());
  }

  /**
   * A list or watch: with the field selector metadata.name=x it names x, as upstream's RequestInfoFactory
   * (so resourceNames rules and the Node authorizer see one object); the selector goes along as sent.
   */
  private static RequestAttributes collection(UserInfo user, String verb, String resource, String namespace,
      String fieldSelector) {
    String name = "";
    if (!fieldSelector.isEmpty()) {
      try {
        String named = FieldSelectors.parse(fieldSelector).requiredValue("metadata.name");
        name = named == null || named.isEmpty() || named.contains("/") ? "" : named;
      } catch (IllegalArgumentException e) {
        // The handler refuses a selector it cannot parse; authorization sees no name.
      }
    }
    RequestAttributes a = resource(user, verb, resource, "", namespace, name);
    return new RequestAttributes(a.user(), a.verb(), a.apiGroup(), a.resource(), a.subresource(), a.namespace(),
        a.name(), fieldSelector);
  }

  /** The group comes from the resource; a cluster-scoped kind has no namespace whatever the request says. */
  private static RequestAttributes resource(UserInfo user, String verb, String resource, String subresource,
      String namespace, String name) {
    Optional<Kind> kind = Kinds.byResource(resource);
    boolean namespaced = kind.map(Kind::namespaced).orElse(true);
    return new RequestAttributes(user, verb, kind.map(Kind::group).orElse(""), resource, subresource,
        namespaced ? namespace : "", name);
  }

  private static RequestAttributes pod(UserInfo user, String verb, String subresource, PodRef pod) {
    return pod(user, verb, subresource, pod.getNamespace(), pod.getName());
  }

  private static RequestAttributes pod(UserInfo user, String verb, String subresource, String namespace, String name) {
    return new RequestAttributes(user, verb, "", "pods", subresource, namespace, name);
  }
}
