package io.kava.client.auth;

/**
 * Where the bearer token of {@link BearerToken} comes from: a fixed string, a file the kubelet rewrites
 * ({@link BearerTokenFile}), or a token asked of the API server and renewed (the controller manager's
 * ServiceAccount credentials).
 */
public interface TokenSource {
  /** The token to send now. */
  String token() throws TokenUnavailableException;

  /** The server refused the token just sent (UNAUTHENTICATED): a source that can get a new one drops it. */
  default void refused() {
  }

  /** No token can be had; the message says why and is the failed call's description. */
  final class TokenUnavailableException extends Exception {
    public TokenUnavailableException(String message) {
      super(message);
    }
  }
}
