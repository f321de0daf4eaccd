package io.kava.controllermanager.testing;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Wraps a channel so chosen Create calls fail with an Invalid error, as an API server rejecting a pod
 * (quota, validation) would, and counts calls by method (failed ones too, which the fake API server's
 * write log leaves out), and records every request message. Creates are numbered from 1 in the order
 * they start.
 */
public final class FaultyChannel extends ManagedChannel {
  private final ManagedChannel delegate;
  private final IntPredicate failCreate;
  private final AtomicInteger creates = new AtomicInteger();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<Object> requests = new CopyOnWriteArrayList<>();

  private FaultyChannel(ManagedChannel delegate, IntPredicate failCreate) {
    this.delegate = delegate;
    this.failCreate = failCreate;
  }

  public FaultyChannel(KavaClient base, IntPredicate failCreate) {
    this(base.channel(), failCreate);
  }

  /** A client whose n-th create fails when {@code failCreate.test(n)}. */
  public static KavaClient client(KavaClient base, IntPredicate failCreate) {
    return new FaultyChannel(base, failCreate).client();
  }

  public KavaClient client() {
    return new KavaClient(this, true, Duration.ofSeconds(5));
  }

  /** How many calls of this method ("Create", "Delete", "Update", ...) were started. */
  public int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    calls.computeIfAbsent(String.valueOf(method.getBareMethodName()), m -> new AtomicInteger()).incrementAndGet();
    if (method.getBareMethodName() != null && method.getBareMethodName().equals("Create")
        && failCreate.test(creates.incrementAndGet())) {
      return new FailedCall<>();
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(delegate.newCall(method, options)) {
      @Override
      public void sendMessage(Q message) {
        requests.add(message);
        super.sendMessage(message);
      }
    };
  }

  /** Every request message of this type sent so far (DeleteRequest, UpdateRequest, ...), in order. */
  public <M> List<M> requests(Class<M> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public String authority() {
    return delegate.authority();
  }

  @Override
  public ManagedChannel shutdown() {
    return delegate.shutdown();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public ManagedChannel shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  /** Answers at once with INVALID_ARGUMENT and a kava Status trailer, without reaching the server. */
  private static final class FailedCall<Q, R> extends ClientCall<Q, R> {
    @Override
    public void start(Listener<R> listener, Metadata headers) {
      Metadata trailers = new Metadata();
      trailers.put(ApiException.STATUS_KEY, io.kava.api.v1.Status.newBuilder().setReason("Invalid")
          .setMessage("injected failure").build());
      listener.onClose(Status.INVALID_ARGUMENT.withDescription("injected failure"), trailers);
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void cancel(String message, Throwable cause) {}

    @Override
    public void halfClose() {}

    @Override
    public void sendMessage(Q message) {}
  }
}
