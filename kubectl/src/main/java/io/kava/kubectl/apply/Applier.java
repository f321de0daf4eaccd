package io.kava.kubectl.apply;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ResourceClient;
import io.kava.client.codec.ManifestException;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.resource.ObjectNames;
import java.util.List;
import java.util.Locale;

/**
 * `kavactl apply`: creates each object, or updates it to the manifest with kubectl's three-way merge
 * against the last applied manifest (kept, as upstream, in the annotation
 * {@value #LAST_APPLIED}). An object the merge would not change is not written at all.
 */
public final class Applier {
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public enum Outcome { CREATED, CONFIGURED, UNCHANGED }

  private final Session session;
  private final DryRun dryRun;

  public Applier(Session session) {
    this(session, DryRun.NONE);
  }

  /** With a client dry run nothing is sent; with a server dry run the server checks everything and stores nothing. */
  public Applier(Session session, DryRun dryRun) {
    this.session = session;
    this.dryRun = dryRun;
  }

  /** What apply does to one object: the live object (null if there is none) and the object it would store. */
  public record Plan(Message live, Message merged) {}

  /** Applies every object in order, printing one line each; returns the exit code. */
  public int applyAll(List<Message> objects) {
    int exit = 0;
    for (Message object : objects) {
      Kind kind = Kinds.of(object);
      String name = ApiObjects.meta(object).getName();
      try {
        Outcome outcome = apply(object);
        session.out().println(ObjectNames.slashed(kind, name) + " " + outcome.name().toLowerCase(Locale.ROOT)
            + dryRun.suffix());
      } catch (CreateFailed e) {
        // a create finds nothing missing but what the object needs (its namespace): the server says what
        session.err().println(session.describe(e.cause, e.cause.isNotFound() ? null : kind, name));
        exit = 1;
      } catch (ApiException e) {
        session.err().println(session.describe(e, kind, name));
        exit = 1;
      }
    }
    return exit;
  }

  public Outcome apply(Message manifest) {
    Plan plan = plan(manifest);
    ResourceClient<Message> resource = session.resource(Kinds.of(manifest));
    if (plan.live() == null) {
      if (dryRun != DryRun.CLIENT) {
        try {
          resource.create(plan.merged(), dryRun == DryRun.SERVER);
        } catch (ApiException createError) {
          throw new CreateFailed(createError);
        }
      }
      return Outcome.CREATED;
    }
    if (plan.merged().equals(plan.live())) {
      return Outcome.UNCHANGED;
    }
    if (dryRun != DryRun.CLIENT) {
      resource.update(plan.merged(), dryRun == DryRun.SERVER);
    }
    return Outcome.CONFIGURED;
  }

  /** The object as the server would store it after this apply (a server dry run), beside the live one. */
  public Plan wouldStore(Message manifest) {
    Plan plan = plan(manifest);
    ResourceClient<Message> resource = session.resource(Kinds.of(manifest));
    if (plan.live() == null) {
      return new Plan(null, resource.create(plan.merged(), true));
    }
    if (plan.merged().equals(plan.live())) {
      return plan;
    }
    return new Plan(plan.live(), resource.update(plan.merged(), true));
  }

  /** Reads the live object and merges the manifest into it, writing nothing. */
  public Plan plan(Message manifest) {
    Kind kind = Kinds.of(manifest);
    ObjectMeta meta = ApiObjects.meta(manifest);
    if (meta.getName().isEmpty()) {
      throw CliException.error("cannot use generate name with apply");
    }
    ResourceClient<Message> resource = session.resource(kind);
    Message desired = desired(manifest);
    // one JSON line and a newline, as upstream writes it (YAML output then shows it as a `|` block)
    String lastApplied = Manifests.toCompactJson(ApiObjects.withMeta(desired,
        ApiObjects.meta(desired).toBuilder().clearResourceVersion().build())) + "\n";
    Message current;
    try {
      current = resource.get(meta.getNamespace(), meta.getName());
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      return new Plan(null, withAnnotation(desired, lastApplied));
    }
    Message merged = ThreeWayMerge.merge(current, desired, lastApplied(current));
    return new Plan(current, withAnnotation(merged, lastApplied));
  }

  /** A create refused by the server (kept apart: its NotFound is about something else than the object). */
  public static final class CreateFailed extends RuntimeException {
    final ApiException cause;

    CreateFailed(ApiException cause) {
      super(cause.getMessage(), cause, false, false);
      this.cause = cause;
    }
  }

  /** The manifest without what belongs to the server: status and server-set metadata. */
  static Message desired(Message manifest) {
    ObjectMeta meta = ApiObjects.meta(manifest).toBuilder()
        .clearUid().clearCreationTimestamp().clearDeletionTimestamp().clearDeletionGracePeriodSeconds()
        .clearGeneration().removeAnnotations(LAST_APPLIED)
        .build();
    Message.Builder b = ApiObjects.withMeta(manifest, meta).toBuilder();
    FieldDescriptor status = b.getDescriptorForType().findFieldByName("status");
    if (status != null) {
      b.clearField(status);
    }
    return b.build();
  }

  private static Message withAnnotation(Message object, String lastApplied) {
    ObjectMeta meta = ApiObjects.meta(object);
    return ApiObjects.withMeta(object, meta.toBuilder().putAnnotations(LAST_APPLIED, lastApplied).build());
  }

  /** The manifest applied last time, or null if the object was never applied (or the note is unreadable). */
  static Message lastApplied(Message current) {
    String json = ApiObjects.meta(current).getAnnotationsMap().get(LAST_APPLIED);
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      Message last = Manifests.parseOne(json, LAST_APPLIED);
      return last.getDescriptorForType().equals(current.getDescriptorForType()) ? desired(last) : null;
    } catch (ManifestException e) {
      return null; // written by another tool version: merge two-way rather than fail
    }
  }
}
