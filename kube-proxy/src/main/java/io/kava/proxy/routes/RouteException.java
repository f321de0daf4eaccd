package io.kava.proxy.routes;

/** An `ip route` call that failed; the controller's queue retries the key with backoff. */
public final class RouteException extends RuntimeException {
  public RouteException(String message) {
    super(message);
  }

  public RouteException(String message, Throwable cause) {
    super(message, cause);
  }
}
