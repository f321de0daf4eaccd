package io.kava.apiserver.errors;

import io.grpc.Status;
import io.kava.api.v1.StatusCause;
import io.kava.client.Kind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An API failure as the user should see it: a gRPC code, upstream's reason and message, and for an
 * invalid object every offending field. Thrown anywhere in the server, turned into a gRPC status with a
 * Status trailer in one place ({@code ErrorMappingInterceptor}).
 */
public class ApiError extends RuntimeException {
  private final Status.Code code;
  private final String reason;
  private final List<StatusCause> causes;
  private final String kind;
  private final String name;

  public ApiError(Status.Code code, String reason, String message, List<StatusCause> causes, String kind, String name) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.causes = List.copyOf(causes);
    this.kind = kind;
    this.name = name;
  }

  public static ApiError notFound(Kind kind, String name) {
    return new ApiError(Status.Code.NOT_FOUND, "NotFound", kind.qualifiedResource() + " \"" + name + "\" not found",
        List.of(), kind.kind(), name);
  }

  public static ApiError alreadyExists(Kind kind, String name) {
    return new ApiError(Status.Code.ALREADY_EXISTS, "AlreadyExists",
        kind.qualifiedResource() + " \"" + name + "\" already exists", List.of(), kind.kind(), name);
  }

  /** A lost optimistic-concurrency race or a failed precondition: the client reads again and retries. */
  public static ApiError conflict(Kind kind, String name, String detail) {
    return new ApiError(Status.Code.ABORTED, "Conflict",
        "Operation cannot be fulfilled on " + kind.qualifiedResource() + " \"" + name + "\": " + detail,
        List.of(), kind.kind(), name);
  }

  public static ApiError modified(Kind kind, String name) {
    return conflict(kind, name, "the object has been modified; please apply your changes to the latest version and try again");
  }

  /** {@code Deployment.apps "x" is invalid: [a, b]} with one StatusCause per field error. */
  public static ApiError invalid(Kind kind, String name, List<FieldError> errors) {
    String qualifiedKind = kind.group().isEmpty() ? kind.kind() : kind.kind() + "." + kind.group();
    String list = errors.size() == 1 ? errors.get(0).toString()
        : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
    List<StatusCause> causes = errors.stream().map(e -> StatusCause.newBuilder()
        .setField(e.field()).setReason(e.type().reason()).setMessage(e.body()).build()).toList();
    return new ApiError(Status.Code.INVALID_ARGUMENT, "Invalid",
        qualifiedKind + " \"" + name + "\" is invalid: " + list, causes, kind.kind(), name);
  }

  public static ApiError badRequest(String message) {
    return new ApiError(Status.Code.INVALID_ARGUMENT, "BadRequest", message, List.of(), "", "");
  }

  /** Refused by policy in the current state (a namespace being deleted, a protected namespace). */
  public static ApiError forbidden(Kind kind, String name, String detail) {
    return new ApiError(Status.Code.FAILED_PRECONDITION, "Forbidden",
        kind.qualifiedResource() + " \"" + name + "\" is forbidden: " + detail, List.of(), kind.kind(), name);
  }

  public static ApiError expired(String message) {
    return new ApiError(Status.Code.OUT_OF_RANGE, "Expired", message, List.of(), "", "");
  }

  public static ApiError unavailable(String message) {
    return new ApiError(Status.Code.UNAVAILABLE, "ServiceUnavailable", message, List.of(), "", "");
  }

  public static ApiError unknownResource(String resource) {
    return new ApiError(Status.Code.NOT_FOUND, "NotFound",
        "the server doesn't have a resource type \"" + resource + "\"", List.of(), "", "");
  }

  public static ApiError tooManyRequests(String message) {
    return new ApiError(Status.Code.RESOURCE_EXHAUSTED, "TooManyRequests", message, List.of(), "", "");
  }

  /** The server's own deadline (--request-timeout) passed: upstream's 504 Timeout. */
  public static ApiError timeout(String message) {
    return new ApiError(Status.Code.DEADLINE_EXCEEDED, "Timeout", message, List.of(), "", "");
  }

  public static ApiError internal(String message) {
    return new ApiError(Status.Code.INTERNAL, "InternalError", message, List.of(), "", "");
  }

  public Status.Code code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public List<StatusCause> causes() {
    return causes;
  }

  public io.kava.api.v1.Status toStatus() {
    return io.kava.api.v1.Status.newBuilder().setReason(reason).setMessage(getMessage())
        .addAllCauses(causes).setKind(kind).setName(name).build();
  }
}
