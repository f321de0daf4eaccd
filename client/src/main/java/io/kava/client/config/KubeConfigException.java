package io.kava.client.config;

/** A kubeconfig that cannot be used; the message is the one line to show. */
public class KubeConfigException extends RuntimeException {
  public KubeConfigException(String message) {
    super(message);
  }
}
