package io.kava.client.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.List;

/**
 * Asks the API server to act as another user (kubectl's --as and --as-group): the Impersonate-User and
 * Impersonate-Group headers, one of the latter per group. The server checks that the caller may
 * impersonate them.
 */
public final class Impersonation implements ClientInterceptor {
  public static final Metadata.Key<String> USER = Metadata.Key.of("impersonate-user", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> GROUP = Metadata.Key.of("impersonate-group", Metadata.ASCII_STRING_MARSHALLER);

  private final String user;
  private final List<String> groups;

  public Impersonation(String user, List<String> groups) {
    this.user = user;
    this.groups = List.copyOf(groups);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(USER, user);
        groups.forEach(g -> headers.put(GROUP, g));
        super.start(listener, headers);
      }
    };
  }
}
