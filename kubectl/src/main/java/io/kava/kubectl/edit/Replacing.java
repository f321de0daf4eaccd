package io.kava.kubectl.edit;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.resource.ObjectNames;
import java.time.Duration;
import java.time.Instant;

/**
 * `kavactl replace -f`: a full update of each object to its manifest (a resourceVersion in the manifest
 * is a precondition). With --force the object is deleted, its removal awaited, and created again.
 */
public final class Replacing {
  private final Session session;
  private final boolean force;
  private final Duration timeout;
  private final DryRun dryRun;

  public Replacing(Session session, boolean force, Duration timeout, DryRun dryRun) {
    this.session = session;
    this.force = force;
    this.timeout = timeout;
    this.dryRun = dryRun;
  }

  public int replace(Message object) {
    Kind kind = Kinds.of(object);
    String name = ApiObjects.meta(object).getName();
    try {
      if (force) {
        return forceReplace(kind, name, object);
      }
      if (dryRun != DryRun.CLIENT) {
        session.resource(kind).update(object, dryRun == DryRun.SERVER);
      }
      session.out().println(ObjectNames.slashed(kind, name) + " replaced" + dryRun.suffix());
      return 0;
    } catch (ApiException e) {
      session.err().println(session.describe(e, kind, name));
      return 1;
    }
  }

  private int forceReplace(Kind kind, String name, Message object) {
    String ns = ApiObjects.meta(object).getNamespace();
    Message fresh = ApiObjects.withMeta(object, ApiObjects.meta(object).toBuilder().clearResourceVersion().clearUid().build());
    if (dryRun != DryRun.NONE) {
      throw CliException.error("--dry-run is not supported with --force");
    }
    try {
      session.resource(kind).delete(ns, name);
      session.out().println(ObjectNames.quoted(kind, name) + " deleted");
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    awaitGone(kind, ns, name);
    session.resource(kind).create(fresh);
    session.out().println(ObjectNames.slashed(kind, name) + " replaced");
    return 0;
  }

  private void awaitGone(Kind kind, String ns, String name) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try {
        session.resource(kind).get(ns, name);
      } catch (ApiException e) {
        if (e.isNotFound()) {
          return;
        }
        throw e;
      }
      if (Instant.now().isAfter(deadline)) {
        throw CliException.error("timed out waiting for the condition on " + ObjectNames.slashed(kind, name));
      }
      try {
        Thread.sleep(200); // polling the API: the object goes once its finalizers and grace are through
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.error("interrupted while waiting for " + ObjectNames.slashed(kind, name) + " to be deleted");
      }
    }
  }
}
