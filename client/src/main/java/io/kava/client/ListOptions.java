package io.kava.client;

/** Which objects a list or watch covers. Empty strings mean "no restriction"; namespace "" is all namespaces. */
public record ListOptions(String namespace, String labelSelector, String fieldSelector) {
  public static ListOptions all() {
    return new ListOptions("", "", "");
  }

  public static ListOptions inNamespace(String namespace) {
    return new ListOptions(namespace, "", "");
  }

  public ListOptions withLabelSelector(String selector) {
    return new ListOptions(namespace, selector, fieldSelector);
  }

  public ListOptions withFieldSelector(String selector) {
    return new ListOptions(namespace, labelSelector, selector);
  }
}
