package io.kava.kubectl.resource;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.Kind;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import java.util.function.UnaryOperator;

/**
 * Read, change, write back guarded by the resourceVersion read, and start again on a conflict: what
 * kubectl's patches give without a patch endpoint. The change may throw a CliException to refuse.
 */
public final class ObjectUpdates {
  private static final int ATTEMPTS = 5;

  private ObjectUpdates() {}

  /** The outcome: the object as stored after the write, and whether anything was written. */
  public record Result(Message object, boolean changed) {}

  public static Result update(Session session, Kind kind, String name, UnaryOperator<Message> change) {
    String namespace = kind.namespaced() ? session.namespace() : "";
    for (int attempt = 1; ; attempt++) {
      Message current = get(session, kind, namespace, name);
      Message desired = change.apply(current);
      if (desired.equals(current)) {
        return new Result(current, false);
      }
      try {
        return new Result(session.resource(kind).update(desired), true);
      } catch (ApiException e) {
        if (!e.reason().equals("Conflict") || attempt >= ATTEMPTS) {
          throw new CliException(session.describe(e, kind, name));
        }
      }
    }
  }

  /** The object, or the server's error line for it. */
  public static Message get(Session session, Kind kind, String namespace, String name) {
    try {
      return session.resource(kind).get(namespace, name);
    } catch (ApiException e) {
      throw new CliException(session.describe(e, kind, name));
    }
  }
}
