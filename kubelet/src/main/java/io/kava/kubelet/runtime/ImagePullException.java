package io.kava.kubelet.runtime;

/** An image could not be pulled (no registry, unknown image, ...). The message is the engine's. */
public class ImagePullException extends Exception {
  public ImagePullException(String message, Throwable cause) {
    super(message, cause);
  }
}
