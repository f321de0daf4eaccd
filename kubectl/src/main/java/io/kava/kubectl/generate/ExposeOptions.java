package io.kava.kubectl.generate;

/**
 * The flags of `kavactl expose`, free of picocli; empty strings mean "not given" as in kubectl, where
 * an unset flag and an empty one are the same.
 */
public record ExposeOptions(
    String port,
    String targetPort,
    String type,
    String name,
    String protocol,
    String selector,
    String clusterIp,
    String externalIp,
    String labels,
    String sessionAffinity,
    String loadBalancerIp) {

  public ExposeOptions {
    port = orEmpty(port);
    targetPort = orEmpty(targetPort);
    type = orEmpty(type);
    name = orEmpty(name);
    protocol = orEmpty(protocol);
    selector = orEmpty(selector);
    clusterIp = orEmpty(clusterIp);
    externalIp = orEmpty(externalIp);
    labels = orEmpty(labels);
    sessionAffinity = orEmpty(sessionAffinity);
    loadBalancerIp = orEmpty(loadBalancerIp);
  }

  /** No flag given. */
  public static ExposeOptions none() {
    return new ExposeOptions("", "", "", "", "", "", "", "", "", "", "");
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
