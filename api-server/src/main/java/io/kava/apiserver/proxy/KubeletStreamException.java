package io.kava.apiserver.proxy;

import io.grpc.Status;

/**
 * A kubelet stream failed or could not be opened; ErrorMappingInterceptor gives it kubectl's wording.
 * The kubelet's status is kept as a field, not as the cause: gRPC would otherwise find the cause's
 * status and send it unmapped.
 */
public final class KubeletStreamException extends RuntimeException {
  private final String node;
  private final Status status;

  public KubeletStreamException(String node, Throwable cause) {
    super(Status.fromThrowable(cause).getDescription(), null, false, false);
    this.node = node;
    this.status = Status.fromThrowable(cause);
  }

  public String node() {
    return node;
  }

  public Status status() {
    return status;
  }
}
