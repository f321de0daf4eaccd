package io.kava.apiserver.auth;

/** Credentials that were presented but are not valid; the request is refused as UNAUTHENTICATED. */
public final class AuthenticationException extends RuntimeException {
  public AuthenticationException(String message) {
    super(message);
  }
}
