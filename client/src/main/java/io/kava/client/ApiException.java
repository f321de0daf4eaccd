package io.kava.client;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.kava.api.v1.StatusCause;
import java.util.List;

/**
 * An error answered by the API server, or the server being unreachable. {@link #reason()} is the
 * Kubernetes reason (NotFound, AlreadyExists, Conflict, Invalid, Expired, ServiceUnavailable, ...), and
 * {@link #causes()} lists every offending field of an Invalid object.
 */
public class ApiException extends RuntimeException {
  /** The binary trailer that carries a {@link io.kava.api.v1.Status} with every error. */
  public static final Metadata.Key<io.kava.api.v1.Status> STATUS_KEY =
      ProtoUtils.keyForProto(io.kava.api.v1.Status.getDefaultInstance());

  private final Status.Code code;
  private final io.kava.api.v1.Status status;

  public ApiException(Status.Code code, io.kava.api.v1.Status status) {
    super(status.getMessage());
    this.code = code;
    this.status = status;
  }

  /** Translates a failed call; the server's Status trailer wins over the bare gRPC status. */
  public static ApiException from(StatusRuntimeException e) {
    Metadata trailers = e.getTrailers();
    io.kava.api.v1.Status status = trailers == null ? null : trailers.get(STATUS_KEY);
    Status.Code code = e.getStatus().getCode();
    if (status == null) {
      String reason = switch (code) {
        case UNAVAILABLE -> "ServiceUnavailable";
        case DEADLINE_EXCEEDED -> "Timeout";
        case NOT_FOUND -> "NotFound";
        case ALREADY_EXISTS -> "AlreadyExists";
        case ABORTED -> "Conflict";
        case INVALID_ARGUMENT -> "Invalid";
        case OUT_OF_RANGE -> "Expired";
        default -> "InternalError";
      };
      String message = e.getStatus().getDescription() != null ? e.getStatus().getDescription() : code.name();
      if (code == Status.Code.UNAVAILABLE) {
        message = "the API server is unreachable: " + message;
      }
      status = io.kava.api.v1.Status.newBuilder().setReason(reason).setMessage(message).build();
    }
    return new ApiException(code, status);
  }

  public Status.Code code() {
    return code;
  }

  public String reason() {
    return status.getReason();
  }

  public List<StatusCause> causes() {
    return status.getCausesList();
  }

  public io.kava.api.v1.Status status() {
    return status;
  }

  public boolean isNotFound() {
    return code == Status.Code.NOT_FOUND;
  }

  public boolean isAlreadyExists() {
    return code == Status.Code.ALREADY_EXISTS;
  }

  public boolean isConflict() {
    return code == Status.Code.ABORTED;
  }

  /** HTTP 429's counterpart: e.g. an eviction a PodDisruptionBudget refuses for now; retry later. */
  public boolean isTooManyRequests() {
    return code == Status.Code.RESOURCE_EXHAUSTED;
  }

  public boolean isExpired() {
    return code == Status.Code.OUT_OF_RANGE;
  }

  public boolean isUnavailable() {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }
}
