package io.kava.client.leader;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.kava.api.v1.ApiGrpc;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Refuses a leader-elected component's writes while it is not the leader, so a deposed leader whose
 * workers are still finishing a key cannot write after its Lease may have passed to another replica
 * (upstream relies on the process exiting; Kava's components start a new term in the same process).
 * Reads and watches pass. Refused calls fail with FAILED_PRECONDITION and go back to the work queue.
 */
public final class LeaderWriteFence implements ClientInterceptor {
  private static final Set<String> WRITES = Set.of(
      ApiGrpc.getCreateMethod().getFullMethodName(),
      ApiGrpc.getUpdateMethod().getFullMethodName(),
      ApiGrpc.getUpdateStatusMethod().getFullMethodName(),
      ApiGrpc.getUpdateApprovalMethod().getFullMethodName(),
      ApiGrpc.getDeleteMethod().getFullMethodName(),
      ApiGrpc.getBindMethod().getFullMethodName());

  private final BooleanSupplier leading;
  private final String lease;

  /** leading: whether writes may pass now; lease: named in the refusal. */
  public LeaderWriteFence(BooleanSupplier leading, String lease) {
    this.leading = leading;
    this.lease = lease;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (!WRITES.contains(method.getFullMethodName())) {
      return next.newCall(method, options);
    }
    return new GatedCall<>(next.newCall(method, options), () -> leading.getAsBoolean() ? null
        : Status.FAILED_PRECONDITION.withDescription("Not the leader: write refused (lease " + lease + " not held)"));
  }
}
