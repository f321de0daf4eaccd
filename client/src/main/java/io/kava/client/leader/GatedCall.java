package io.kava.client.leader;

import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.function.Supplier;

/**
 * A call that asks a gate when it starts: open, it goes on as usual; closed, it ends at once with the
 * gate's status and nothing reaches the wire (the stub's later sendMessage, halfClose and request are
 * dropped, as gRPC requires of a call that never started).
 */
final class GatedCall<Q, R> extends ForwardingClientCall.SimpleForwardingClientCall<Q, R> {
  /** Null while open; else the status the call fails with. */
  private final Supplier<Status> gate;
  private boolean refused;

  GatedCall(ClientCall<Q, R> next, Supplier<Status> gate) {
    super(next);
    this.gate = gate;
  }

  @Override
  public void start(Listener<R> listener, Metadata headers) {
    Status refusal = gate.get();
    if (refusal != null) {
      refused = true;
      listener.onClose(refusal, new Metadata());
      return;
    }
    super.start(listener, headers);
  }

  @Override
  public void sendMessage(Q message) {
    if (!refused) {
      super.sendMessage(message);
    }
  }

  @Override
  public void halfClose() {
    if (!refused) {
      super.halfClose();
    }
  }

  @Override
  public void request(int n) {
    if (!refused) {
      super.request(n);
    }
  }

  @Override
  public void cancel(String message, Throwable cause) {
    if (!refused) {
      super.cancel(message, cause);
    }
  }
}
