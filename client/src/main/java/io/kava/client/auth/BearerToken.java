package io.kava.client.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Sends a bearer token with every call, in the "authorization" header as upstream clients send it
 * (static tokens, ServiceAccount tokens, bootstrap tokens). The token comes from a {@link TokenSource}
 * at each call; one that cannot be had fails the call UNAUTHENTICATED with the source's reason, and a
 * call the server refuses UNAUTHENTICATED tells the source, so that the next call can carry a new token.
 * Use with {@code KavaClient.withInterceptors}.
 */
public final class BearerToken implements ClientInterceptor {
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final TokenSource source;

  /** A fixed token. */
  public BearerToken(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the bearer token is empty");
    }
    String stripped = token.strip();
    this.source = () -> stripped;
  }

  public BearerToken(TokenSource source) {
    this.source = source;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        try {
          headers.put(AUTHORIZATION, "Bearer " + source.token());
        } catch (TokenSource.TokenUnavailableException e) {
          throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException();
        }
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            if (status.getCode() == Status.Code.UNAUTHENTICATED) {
              source.refused();
            }
            super.onClose(status, trailers);
          }
        }, headers);
      }
    };
  }
}
