package io.kava.kubelet.auth;

/** Whether a caller may make a request of this kubelet (upstream's kubelet --authorization-mode). */
public interface KubeletAuthorizer {
  /** Upstream's AlwaysAllow, the binary's default. */
  KubeletAuthorizer ALWAYS_ALLOW = (user, request) -> true;

  /** Throws when the answer cannot be had (the API server unreachable): the call is then refused. */
  boolean allowed(KubeletUser user, KubeletRequest request);
}
