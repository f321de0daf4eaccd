package io.kava.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.PrintStream;

/** Prints the API server's warnings of each call as kubectl does: `Warning: <text>` on stderr. */
public final class WarningPrinter implements ClientInterceptor {
  public static final Metadata.Key<String> HEADER = Metadata.Key.of("warning", Metadata.ASCII_STRING_MARSHALLER);

  private final PrintStream err;

  public WarningPrinter(PrintStream err) {
    this.err = err;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            Iterable<String> warnings = trailers.getAll(HEADER);
            if (warnings != null) {
              warnings.forEach(w -> err.println("Warning: " + w));
            }
            super.onClose(status, trailers);
          }
        }, headers);
      }
    };
  }
}
