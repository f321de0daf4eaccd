package io.kava.kubelet.runtime;

/** The engine refused to create a container (bad config, name taken, missing image). */
public class ContainerCreateException extends Exception {
  public ContainerCreateException(String message, Throwable cause) {
    super(message, cause);
  }
}
