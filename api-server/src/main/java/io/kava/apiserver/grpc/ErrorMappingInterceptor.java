package io.kava.apiserver.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.proxy.KubeletStreamException;
import io.kava.apiserver.storage.CompactedException;
import io.kava.apiserver.storage.StorageUnavailableException;
import io.kava.client.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses: every exception thrown by a handler, or passed to
 * a stream's onError, leaves as a code plus a {@code kava.api.v1.Status} trailer. Unexpected exceptions
 * are logged here and leave as INTERNAL without their stack trace.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MappingCall<Q, R> mapped = new MappingCall<>(call);
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(mapped, headers);
    } catch (RuntimeException e) {
      mapped.closeWith(e);
      return new ServerCall.Listener<>() {};
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          mapped.closeWith(e);
        }
      }

      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          mapped.closeWith(e);
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } catch (RuntimeException e) {
          log.debug("Handler failed after cancellation of {}: {}", call.getMethodDescriptor().getFullMethodName(), e.toString());
        }
      }

      @Override
      public void onReady() {
        try {
          super.onReady();
        } catch (RuntimeException e) {
          mapped.closeWith(e);
        }
      }
    };
  }

  /** A call whose close() turns an exception cause into the mapped status, and that closes only once. */
  private static final class MappingCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private boolean closed;

    MappingCall(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    void closeWith(Throwable error) {
      close(Status.UNKNOWN.withCause(error), new Metadata());
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (closed) {
        return;
      }
      closed = true;
      if (status.isOk() || status.getCause() == null) {
        super.close(status, trailers);
        return;
      }
      Mapped m = map(status.getCause(), getMethodDescriptor().getFullMethodName());
      if (m.status != null) {
        trailers.put(ApiException.STATUS_KEY, m.status);
      }
      super.close(m.grpc, trailers);
    }
  }

  private record Mapped(Status grpc, io.kava.api.v1.Status status) {}

  static Mapped map(Throwable error, String method) {
    ApiError api = toApiError(error, method);
    if (api == null) {
      Status s = Status.fromThrowable(error);
      return new Mapped(Status.fromCode(s.getCode()).withDescription(s.getDescription()), null);
    }
    return new Mapped(Status.fromCode(api.code()).withDescription(api.getMessage()), api.toStatus());
  }

  /**
   * A pod stream the kubelet refused or could not serve. Its refusals (no such previous container, not
   * running) are the user's to fix, BadRequest as upstream; a kubelet that cannot be reached is the
   * backend's fault, upstream's "error dialing backend".
   */
  private static ApiError kubeletError(KubeletStreamException e) {
    String detail = e.status().getDescription() == null ? e.status().getCode().toString() : e.status().getDescription();
    return switch (e.status().getCode()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, OUT_OF_RANGE -> ApiError.badRequest(detail);
      case CANCELLED -> new ApiError(Status.Code.CANCELLED, "Cancelled", detail, java.util.List.of(), "", "");
      case UNAVAILABLE, DEADLINE_EXCEEDED -> e.status().getCause() != null || detail.contains("connect")
          || detail.contains("io exception")
          ? ApiError.unavailable("error dialing backend: node " + e.node() + ": " + detail)
          : ApiError.unavailable(detail);
      default -> ApiError.internal("node " + e.node() + ": " + detail);
    };
  }

  private static ApiError toApiError(Throwable error, String method) {
    if (error instanceof ApiError api) {
      return api;
    }
    if (error instanceof StorageUnavailableException e) {
      return ApiError.unavailable("the storage backend (etcd) is unavailable: " + e.getMessage());
    }
    if (error instanceof CompactedException e) {
      return ApiError.expired("too old resource version: " + e.getMessage());
    }
    if (error instanceof KubeletStreamException e) {
      return kubeletError(e);
    }
    if (error instanceof StatusRuntimeException || error instanceof StatusException) {
      return null;
    }
    log.error("Failed {} with an unexpected error", method, error);
    return ApiError.internal("Internal error occurred: " + error.getClass().getSimpleName()
        + (error.getMessage() == null ? "" : ": " + error.getMessage()));
  }
}
