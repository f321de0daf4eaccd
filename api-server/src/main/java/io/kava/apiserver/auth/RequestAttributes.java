package io.kava.apiserver.auth;

/**
 * What a request does, as upstream's authorizer.Attributes for a resource request: who, which verb
 * (get, list, watch, create, update, patch, delete, deletecollection, impersonate...), which resource
 * of which API group ("" for core), which subresource ("status", "scale", "exec", "log"; "" for none),
 * in which namespace ("" for cluster-scoped or all namespaces) and which object ("" for list and create).
 */
public record RequestAttributes(UserInfo user, String verb, String apiGroup, String resource, String subresource,
    String namespace, String name) {}
