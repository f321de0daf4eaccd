package io.kava.controllermanager.clientbuilder;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.kava.client.ApiException;
import io.kava.client.auth.BearerToken;

/**
 * Sends a controller's ServiceAccount token with every call (the "authorization" header); a call refused
 * UNAUTHENTICATED drops the token so the next one gets a new token. A token that cannot be had fails the
 * call UNAUTHENTICATED naming the ServiceAccount.
 */
final class ServiceAccountCredentials implements ClientInterceptor {
  private final ServiceAccountToken token;

  ServiceAccountCredentials(ServiceAccountToken token) {
    this.token = token;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        String value;
        try {
          value = token.get();
        } catch (ApiException e) {
          throw Status.UNAUTHENTICATED.withDescription("could not get a token of ServiceAccount kube-system/"
              + token.serviceAccount() + ": " + e.getMessage()).asRuntimeException();
        }
        headers.put(BearerToken.AUTHORIZATION, "Bearer " + value);
        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            if (status.getCode() == Status.Code.UNAUTHENTICATED) {
              token.invalidate();
            }
            super.onClose(status, trailers);
          }
        }, headers);
      }
    };
  }
}
