package io.kava.apiserver.audit;

import io.grpc.Status;
import java.util.Map;

/**
 * The HTTP status code upstream would have answered for a call's gRPC status: from the API's reason
 * when the error mapping named one (upstream's StatusReason codes: Invalid 422, Conflict 409, Expired
 * 410, RequestEntityTooLarge 413...), else from the gRPC code as grpc-gateway maps it (CANCELLED is 499,
 * "client closed request"). A successful create is 201 Created, as upstream's POST.
 */
public final class HttpStatus {
  private static final Map<String, Integer> BY_REASON = Map.ofEntries(
      Map.entry("BadRequest", 400), Map.entry("Unauthorized", 401), Map.entry("Forbidden", 403),
      Map.entry("NotFound", 404), Map.entry("MethodNotAllowed", 405), Map.entry("NotAcceptable", 406),
      Map.entry("AlreadyExists", 409), Map.entry("Conflict", 409), Map.entry("Gone", 410), Map.entry("Expired", 410),
      Map.entry("RequestEntityTooLarge", 413), Map.entry("UnsupportedMediaType", 415), Map.entry("Invalid", 422),
      Map.entry("TooManyRequests", 429), Map.entry("InternalError", 500), Map.entry("ServiceUnavailable", 503),
      Map.entry("Timeout", 504));

  private HttpStatus() {}

  /**
   * The response status of a finished call.
   *
   * @param api the Status trailer the error mapping sent, or null
   */
  public static AuditEvent.ResponseStatus of(Status status, io.kava.api.v1.Status api, String verb) {
    if (status.isOk()) {
      return AuditEvent.ResponseStatus.success(verb.equals("create") ? 201 : 200);
    }
    String reason = api != null && !api.getReason().isEmpty() ? api.getReason() : reason(status.getCode());
    String message = api != null && !api.getMessage().isEmpty() ? api.getMessage()
        : status.getDescription() == null ? "" : status.getDescription();
    int code = BY_REASON.getOrDefault(reason, code(status.getCode()));
    return new AuditEvent.ResponseStatus(code, "Failure", reason, message);
  }

  static int code(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 499;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> 401;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
    };
  }

  private static String reason(Status.Code code) {
    return switch (code) {
      case UNAUTHENTICATED -> "Unauthorized";
      case PERMISSION_DENIED -> "Forbidden";
      case NOT_FOUND -> "NotFound";
      case ALREADY_EXISTS -> "AlreadyExists";
      case ABORTED -> "Conflict";
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> "BadRequest";
      case RESOURCE_EXHAUSTED -> "TooManyRequests";
      case UNAVAILABLE -> "ServiceUnavailable";
      case DEADLINE_EXCEEDED -> "Timeout";
      case UNIMPLEMENTED -> "MethodNotAllowed";
      case CANCELLED -> "";
      default -> "InternalError";
    };
  }
}
