package io.kava.apiserver.audit;

import io.kava.api.v1.DeleteRequest;
import io.kava.api.v1.ListRequest;
import io.kava.api.v1.PatchRequest;
import io.kava.api.v1.WatchRequest;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.RequestAttributesMapper;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST path upstream would have been called with for an RPC, as the audit log's requestURI:
 * /api/v1/namespaces/ns/pods/name, /apis/apps/v1/namespaces/ns/deployments/d/scale, /api/v1/pods?watch=true,
 * /version. A call whose resource is not known (refused before its request arrived, or not decodable)
 * gets its gRPC path, /kava.api.v1.Api/Create.
 */
public final class RequestUris {
  private RequestUris() {}

  public static String of(String fullMethodName, RequestAttributes a, Object request) {
    String method = bare(fullMethodName);
    if (RequestAttributesMapper.nonResource(method)) {
      return "/version";
    }
    if (a.resource().isEmpty()) {
      return "/" + fullMethodName;
    }
    StringBuilder path = new StringBuilder(a.apiGroup().isEmpty() ? "/api/" + version(a) : "/apis/" + a.apiGroup() + "/" + version(a));
    if (!a.namespace().isEmpty()) {
      path.append("/namespaces/").append(a.namespace());
    }
    path.append('/').append(a.resource());
    // A list or watch of one name (metadata.name=x) still goes to the collection, as upstream's URL.
    if (!a.name().isEmpty() && !a.verb().equals("list") && !a.verb().equals("watch")) {
      path.append('/').append(a.name());
    }
    if (!a.subresource().isEmpty()) {
      path.append('/').append(a.subresource());
    }
    List<String> query = query(request);
    return query.isEmpty() ? path.toString() : path + "?" + String.join("&", query);
  }

  /** "v1" for the core group and every kind Kava knows; metrics.k8s.io is v1beta1. */
  public static String version(RequestAttributes a) {
    if (a.apiGroup().equals(RequestAttributesMapper.METRICS_GROUP)) {
      return "v1beta1";
    }
    return Kinds.byResource(a.resource()).filter(k -> k.group().equals(a.apiGroup())).map(Kind::version).orElse("v1");
  }

  static String bare(String fullMethodName) {
    int slash = fullMethodName.lastIndexOf('/');
    return slash < 0 ? fullMethodName : fullMethodName.substring(slash + 1);
  }

  /** The query parameters a client-go call would carry: selectors, resourceVersion, watch, dryRun. */
  private static List<String> query(Object request) {
    List<String> q = new ArrayList<>();
    if (request instanceof ListRequest r) {
      selectors(q, r.getLabelSelector(), r.getFieldSelector(), r.getResourceVersion());
    } else if (request instanceof WatchRequest r) {
      if (r.getAllowBookmarks()) {
        q.add("allowWatchBookmarks=true");
      }
      selectors(q, r.getLabelSelector(), r.getFieldSelector(), r.getResourceVersion());
      q.add("watch=true");
    } else if (request instanceof DeleteRequest r && r.getDryRun()
        || request instanceof PatchRequest p && p.getDryRun()) {
      q.add("dryRun=All");
    }
    return q;
  }

  private static void selectors(List<String> q, String labels, String fields, String resourceVersion) {
    if (!fields.isEmpty()) {
      q.add("fieldSelector=" + encode(fields));
    }
    if (!labels.isEmpty()) {
      q.add("labelSelector=" + encode(labels));
    }
    if (!resourceVersion.isEmpty()) {
      q.add("resourceVersion=" + encode(resourceVersion));
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
