package io.kava.apiserver.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The API's warnings channel, as upstream's `Warning:` response headers: admission adds a warning to the
 * current call ({@link #add}), and the call's trailers carry each one as a {@code warning} entry, whether
 * the call succeeds or fails. Clients print them (kavactl: `Warning: ...` on stderr).
 */
public final class Warnings implements ServerInterceptor {
  public static final Metadata.Key<String> HEADER = Metadata.Key.of("warning", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<List<String>> KEY = Context.key("kava-warnings");

  /** Adds a warning to the current call's response; outside a call (bootstrap, unit tests) it is dropped. */
  public static void add(String warning) {
    List<String> warnings = KEY.get();
    if (warnings != null && !warnings.contains(warning)) {
      warnings.add(warning);
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    List<String> warnings = new CopyOnWriteArrayList<>();
    ServerCall<Q, R> withTrailers = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        // Warnings are ASCII in their header; anything else is replaced, not sent raw.
        warnings.forEach(w -> trailers.put(HEADER, w.replaceAll("[^\\x20-\\x7e]", "?")));
        super.close(status, trailers);
      }
    };
    return Contexts.interceptCall(Context.current().withValue(KEY, warnings), withTrailers, headers, next);
  }
}
