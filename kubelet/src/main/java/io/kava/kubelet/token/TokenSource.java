package io.kava.kubelet.token;

import io.kava.api.authentication.v1.TokenRequest;

/** Where tokens come from: the API server's serviceaccounts/token subresource (a fake in tests). */
public interface TokenSource {
  /** The request as the server answered it: spec defaulted, status with the token and its expiry. */
  TokenRequest create(String namespace, String serviceAccount, TokenRequest request);
}
