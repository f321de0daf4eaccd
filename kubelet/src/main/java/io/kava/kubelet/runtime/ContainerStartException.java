package io.kava.kubelet.runtime;

/** The engine could not start a created container (executable not found, port taken, ...). */
public class ContainerStartException extends Exception {
  public ContainerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
