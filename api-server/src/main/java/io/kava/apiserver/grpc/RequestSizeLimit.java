package io.kava.apiserver.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.kava.apiserver.registry.Codec;

/**
 * Refuses a request message over upstream's 3 MiB body limit before any handler sees it (gRPC itself
 * takes messages up to 16 MiB). Only calls with one request message are checked: the chunks of an exec
 * or port-forward stream are data, not objects. Runs inside the error mapping, which turns the refusal
 * into RESOURCE_EXHAUSTED "Request entity too large: limit is 3145728".
 */
public final class RequestSizeLimit implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    MethodDescriptor.MethodType type = call.getMethodDescriptor().getType();
    if (type != MethodDescriptor.MethodType.UNARY && type != MethodDescriptor.MethodType.SERVER_STREAMING) {
      return delegate;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (message instanceof MessageLite m && m.getSerializedSize() > Codec.MAX_OBJECT_BYTES) {
          refused = true;
          throw Codec.tooLarge();
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }
    };
  }
}
