package io.kava.apiserver.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.ApiException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Upstream's --request-timeout (WithTimeoutForNonLongRunningRequests and WithRequestDeadline): every
 * call but the long-running ones runs under a server-side deadline. When it passes, the call ends at
 * once with DEADLINE_EXCEEDED (upstream's 504 Timeout) and whatever the handler answers later is
 * dropped. The handler's gRPC Context is cancelled too (code that watches it stops); a handler waiting
 * on etcd runs on until etcd answers or --etcd-request-timeout passes, as upstream's handler goroutine
 * runs on after its 504. Long-running calls are the streaming methods: watch, pod logs, exec, attach
 * and port-forward, upstream's long-running verbs and subresources. A zero timeout turns this off.
 */
public final class RequestTimeout implements ServerInterceptor {
  /** Upstream's default, 1m0s. */
  public static final Duration DEFAULT = Duration.ofMinutes(1);
  static final String MESSAGE = "Timeout: request did not complete within requested timeout - context deadline exceeded";

  private final Duration timeout;
  private final ScheduledExecutorService timer;

  public RequestTimeout(Duration timeout, ScheduledExecutorService timer) {
    this.timeout = timeout;
    this.timer = timer;
  }

  /** Streams stay open as long as their client wants (a watch, a log follow, an exec session). */
  static boolean isLongRunning(MethodDescriptor<?, ?> method) {
    return method.getType() != MethodDescriptor.MethodType.UNARY;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (timeout.isZero() || isLongRunning(call.getMethodDescriptor())) {
      return next.startCall(call, headers);
    }
    Context.CancellableContext context = Context.current().withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS, timer);
    TimingOutCall<Q, R> timing = new TimingOutCall<>(call, context);
    context.addListener(c -> {
      if (c.cancellationCause() instanceof TimeoutException) {
        timing.timeOut();
      }
    }, Runnable::run);
    ServerCall.Listener<Q> listener = Contexts.interceptCall(context, timing, headers, next);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          context.cancel(null);
        }
      }

      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          context.cancel(null);
        }
      }
    };
  }

  /**
   * The call as the handler sees it: once the deadline closed it, the handler's headers, messages and
   * close are dropped. Synchronized, since the deadline fires on the timer's thread.
   */
  private static final class TimingOutCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final Context.CancellableContext context;
    private boolean closed;

    TimingOutCall(ServerCall<Q, R> delegate, Context.CancellableContext context) {
      super(delegate);
      this.context = context;
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (closed) {
        return;
      }
      closed = true;
      super.close(status, trailers);
      context.cancel(null);
    }

    synchronized void timeOut() {
      if (closed) {
        return;
      }
      closed = true;
      ApiError error = ApiError.timeout(MESSAGE);
      Metadata trailers = new Metadata();
      trailers.put(ApiException.STATUS_KEY, error.toStatus());
      super.close(Status.DEADLINE_EXCEEDED.withDescription(error.getMessage()), trailers);
    }
  }
}
