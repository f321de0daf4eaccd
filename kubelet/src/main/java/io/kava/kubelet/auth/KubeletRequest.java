package io.kava.kubelet.auth;

/**
 * What a call to the kubelet's API asks for, as upstream's kubelet authorizer names it: resource
 * {@code nodes} of this node, the verb from the request's kind (a read is get, a stream that writes into
 * a container is create) and the subresource from the path (stats for the stats summary, proxy for
 * everything else: logs, exec, attach, port-forward).
 */
public record KubeletRequest(String verb, String subresource) {
  private static final String STREAMING = "kava.kubelet.v1.KubeletStreaming/";
  private static final String STATS = "kava.kubelet.v1.KubeletStats/";

  /** The request of a gRPC method ("kava.kubelet.v1.KubeletStreaming/Exec"); anything unknown is proxy, upstream's default. */
  public static KubeletRequest of(String fullMethodName) {
    if (fullMethodName.startsWith(STATS)) {
      return new KubeletRequest("get", "stats");
    }
    if (fullMethodName.equals(STREAMING + "Logs")) {
      return new KubeletRequest("get", "proxy");
    }
    return new KubeletRequest("create", "proxy");
  }
}
