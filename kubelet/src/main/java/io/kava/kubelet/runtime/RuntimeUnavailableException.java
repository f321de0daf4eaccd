package io.kava.kubelet.runtime;

/** The container engine could not be reached or failed unexpectedly; the caller retries later. */
public class RuntimeUnavailableException extends RuntimeException {
  public RuntimeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
