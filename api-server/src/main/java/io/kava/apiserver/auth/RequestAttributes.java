package io.kava.apiserver.auth;

/**
 * What a request does, as upstream's authorizer.Attributes for a resource request: who, which verb
 * (get, list, watch, create, update, patch, delete, deletecollection, impersonate...), which resource
 * of which API group ("" for core), which subresource ("status", "scale", "exec", "log"; "" for none),
 * in which namespace ("" for cluster-scoped or all namespaces) and which object ("" for list and create;
 * a list or watch with the field selector metadata.name=x names x, as upstream). fieldSelector is the
 * field selector of a list or watch as sent ("" for none): the Node authorizer lets a kubelet list only
 * the pods with spec.nodeName set to itself.
 */
public record RequestAttributes(UserInfo user, String verb, String apiGroup, String resource, String subresource,
    String namespace, String name, String fieldSelector) {

  /** A request without a field selector. */
  public RequestAttributes(UserInfo user, String verb, String apiGroup, String resource, String subresource,
      String namespace, String name) {
    this(user, verb, apiGroup, resource, subresource, namespace, name, "");
  }
}
