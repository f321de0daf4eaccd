package io.kava.apiserver.registry;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.apiserver.errors.ApiError;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Upstream's GuaranteedUpdate: read the object, compute the change from what was read, and write it as a
 * compare-and-swap on that read's revision. When another write won in between (a Conflict), read again
 * and compute the change again, so a caller's "set replicas to 3" or patch is applied to the newest
 * object instead of overwriting it or failing. The change decides per read whether a conflict may be
 * retried (not when the caller pinned a resourceVersion: then the conflict is the caller's answer), and
 * may throw an {@link ApiError} to give up (a failed precondition).
 */
public final class GuaranteedUpdate {
  /** What to write, computed from one read. */
  public record Attempt(Message object, boolean retryOnConflict) {
    /** A change that holds whatever else was written meanwhile. */
    public static Attempt retrying(Message object) {
      return new Attempt(object, true);
    }
  }

  /** The change, computed again from each fresh read. */
  @FunctionalInterface
  public interface Change {
    Attempt apply(Message current);
  }

  private GuaranteedUpdate() {
  }

  /**
   * Reads, changes and writes until a write lands, the change refuses, a conflict is not to be
   * retried, or {@code attempts} conflicts in a row (the last conflict is thrown then).
   */
  public static Message run(Supplier<Message> read, Change change, UnaryOperator<Message> write, int attempts) {
    for (int attempt = 1; ; attempt++) {
      Attempt next = change.apply(read.get());
      try {
        return write.apply(next.object());
      } catch (ApiError e) {
        if (!isConflict(e) || !next.retryOnConflict() || attempt >= attempts) {
          throw e;
        }
      }
    }
  }

  public static boolean isConflict(ApiError e) {
    return e.code() == Status.Code.ABORTED && "Conflict".equals(e.reason());
  }
}
