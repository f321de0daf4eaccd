package io.kava.apiserver.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.api.core.v1.ConfigMap;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuaranteedUpdateTest {
  private final AtomicInteger reads = new AtomicInteger();
  private final List<Message> written = new ArrayList<>();

  private Message read() {
    return ConfigMap.newBuilder().putData("read", String.valueOf(reads.incrementAndGet())).build();
  }

  /** A store whose first {@code conflicts} writes lose to another writer. */
  private Message writeLosing(int conflicts, Message object) {
    written.add(object);
    if (written.size() <= conflicts) {
      throw ApiError.modified(Kinds.CONFIG_MAP, "x");
    }
    return object;
  }

  @Test
  void aConflictReadsAgainAndAppliesTheChangeToTheNewerObject() {
    Message result = GuaranteedUpdate.run(this::read, GuaranteedUpdate.Attempt::retrying, o -> writeLosing(2, o), 10);

    assertEquals("3", ((ConfigMap) result).getDataOrThrow("read"), "the change applied to the third read");
    assertEquals(3, written.size());
  }

  @Test
  void aConflictTheChangeDoesNotRetryIsTheCallersAnswer() {
    ApiError e = assertThrows(ApiError.class, () -> GuaranteedUpdate.run(this::read,
        current -> new GuaranteedUpdate.Attempt(current, false), o -> writeLosing(1, o), 10));

    assertEquals("Conflict", e.reason());
    assertEquals(1, reads.get(), "not read again");
  }

  @Test
  void conflictsInARowEndWithTheLastConflictAfterTheAttempts() {
    ApiError e = assertThrows(ApiError.class, () -> GuaranteedUpdate.run(this::read,
        GuaranteedUpdate.Attempt::retrying, o -> writeLosing(100, o), 4));

    assertEquals(Status.Code.ABORTED, e.code());
    assertEquals(4, written.size());
  }

  @Test
  void otherErrorsAndARefusingChangeAreNotRetried() {
    ApiError invalid = ApiError.badRequest("no");
    assertSame(invalid, assertThrows(ApiError.class, () -> GuaranteedUpdate.run(this::read,
        GuaranteedUpdate.Attempt::retrying, o -> { throw invalid; }, 10)));
    assertEquals(1, reads.get());

    ApiError precondition = ApiError.modified(Kinds.CONFIG_MAP, "x");
    assertSame(precondition, assertThrows(ApiError.class, () -> GuaranteedUpdate.run(this::read,
        current -> { throw precondition; }, o -> o, 10)));
    assertEquals(0, written.size());
  }
}
