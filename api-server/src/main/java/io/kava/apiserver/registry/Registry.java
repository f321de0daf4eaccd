package io.kava.apiserver.registry;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.NamespaceStatus;
import io.kava.api.core.v1.Pod;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.admission.NamespaceLifecycle;
import io.kava.apiserver.auth.RequestUser;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.errors.FieldError;
import io.kava.apiserver.storage.KeyExistsException;
import io.kava.apiserver.storage.KeyNotFoundException;
import io.kava.apiserver.storage.KeyValue;
import io.kava.apiserver.storage.Range;
import io.kava.apiserver.storage.RevisionConflictException;
import io.kava.apiserver.storage.Storage;
import io.kava.apiserver.storage.StorageUnavailableException;
import io.kava.apiserver.validation.MetaValidation;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.Selector;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The generic object store of every kind (upstream's registry/generic Store): create with generated
 * names, uid and timestamps; get and list; update and status update with optimistic concurrency;
 * delete with finalizers and graceful deletion; pod binding. Kind specifics come from {@link Strategies}.
 */
public final class Registry {
  private static final int UNCONDITIONAL_RETRIES = 20;
  private static final int GENERATE_NAME_RETRIES = 8;
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Storage storage;
  private final Keys keys;
  private final Strategies strategies;
  private final NamespaceLifecycle namespaces;
  private final Clock clock;
  private final Map<Kind, WriteHook> hooks;
  private final List<ValidatingAdmission> admission;

  public Registry(Storage storage, Keys keys, Strategies strategies, NamespaceLifecycle namespaces, Clock clock) {
    this(storage, keys, strategies, namespaces, clock, Map.of());
  }

  /** With hooks of some kinds' writes (a Service's allocations). */
  public Registry(Storage storage, Keys keys, Strategies strategies, NamespaceLifecycle namespaces, Clock clock,
      Map<Kind, WriteHook> hooks) {
    this(storage, keys, strategies, namespaces, clock, hooks, List.of());
  }

  /** With validating admission plugins, asked in order about every write (NodeRestriction). */
  public Registry(Storage storage, Keys keys, Strategies strategies, NamespaceLifecycle namespaces, Clock clock,
      Map<Kind, WriteHook> hooks, List<ValidatingAdmission> admission) {
    this.storage = storage;
    this.keys = keys;
    this.strategies = strategies;
    this.namespaces = namespaces;
    this.clock = clock;
    this.hooks = Map.copyOf(hooks);
    this.admission = List.copyOf(admission);
  }

  /** Puts a write to every validating admission plugin; throws the first refusal. */
  public void admit(ValidatingAdmission.Operation operation, Kind kind, String subresource, Message object, Message old) {
    admit(operation, kind, subresource, object, old, false);
  }

  /** The same for a write that may be a dry run. */
  public void admit(ValidatingAdmission.Operation operation, Kind kind, String subresource, Message object, Message old,
      boolean dryRun) {
    if (admission.isEmpty()) {
      return;
    }
    ValidatingAdmission.Attributes a = new ValidatingAdmission.Attributes(operation, kind, subresource, object, old,
        RequestUser.current(), dryRun);
    for (ValidatingAdmission plugin : admission) {
      plugin.validate(a);
    }
  }

  private WriteHook hook(Kind kind) {
    return hooks.get(kind);
  }

  public record ListResult(List<Message> items, long revision) {}

  // ------------------------------------------------------------------ create

  public Message create(Message input, boolean dryRun) {
    Kind kind = Kinds.of(input);
    KindStrategy strategy = strategies.of(kind);
    ObjectMeta in = ApiObjects.meta(input);
    String namespace = kind.namespaced() ? in.getNamespace() : "";
    String displayName = in.getName().isEmpty() ? in.getGenerateName() : in.getName();
    namespaces.admitCreate(kind, namespace, displayName);

    Message object = strategy.applyDefaults(Codec.typed(kind, input));
    ObjectMeta.Builder meta = ApiObjects.meta(object).toBuilder()
        .setNamespace(namespace)
        .setUid(UUID.randomUUID().toString())
        .setCreationTimestamp(timestamp(clock.instant()))
        .setGeneration(1)
        .clearResourceVersion()
        .clearDeletionTimestamp()
        .clearDeletionGracePeriodSeconds();
    boolean generated = meta.getName().isEmpty() && !meta.getGenerateName().isEmpty();
    for (int attempt = 0; ; attempt++) {
      if (generated) {
        meta.setName(generateName(meta.getGenerateName()));
      }
      Message candidate = strategy.prepareForCreate(ApiObjects.withMeta(object, meta.build()));
      List<FieldError> errors = new ArrayList<>(
          MetaValidation.validateObjectMeta(ApiObjects.meta(candidate), kind.namespaced(), strategy.nameRule()));
      errors.addAll(strategy.validate(candidate));
      if (!errors.isEmpty()) {
        throw ApiError.invalid(kind, displayName, errors);
      }
      admit(ValidatingAdmission.Operation.CREATE, kind, "", candidate, null, dryRun);
      WriteHook hook = hook(kind);
      WriteHook.Pending pending = hook == null ? WriteHook.nothing(candidate) : hook.beginCreate(candidate, dryRun);
      candidate = pending.object();
      if (dryRun) {
        return candidate;
      }
      String key = keys.key(kind, namespace, meta.getName());
      try {
        long revision = storage.create(key, Codec.encode(candidate));
        pending.commit();
        return Codec.withRevision(candidate, revision);
      } catch (KeyExistsException e) {
        pending.revert();
        if (!generated || attempt >= GENERATE_NAME_RETRIES) {
          throw ApiError.alreadyExists(kind, meta.getName());
        }
      } catch (StorageUnavailableException e) {
        // The write may have landed: keep what it took (a leak the repair loop frees, never a double use).
        throw e;
      } catch (RuntimeException e) {
        pending.revert();
        throw e;
      }
    }
  }

  static String generateName(String base) {
    String prefix = base.length() > 58 ? base.substring(0, 58) : base;
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 5; i++) {
      sb.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ read

  public Message get(Kind kind, String namespace, String name) {
    return read(kind, namespace, name).object;
  }

  public ListResult list(Kind kind, String namespace, Selector labels, FieldSelector fields) {
    Range range = storage.range(keys.listPrefix(kind, namespace), 0);
    List<Message> items = new ArrayList<>(range.items().size());
    for (KeyValue kv : range.items()) {
      Message object = Codec.decode(kind, kv.value(), kv.modRevision());
      if (labels.matches(ApiObjects.meta(object).getLabelsMap()) && fields.matches(object)) {
        items.add(object);
      }
    }
    return new ListResult(items, range.revision());
  }

  /** A list in its wire form: each item packed, with the revision it was read at. */
  public record PackedList(List<Any> items, long revision) {}

  /**
   * The list as {@link #list} reads it, packed for the wire. Objects are decoded only to match selectors;
   * the packed form is the stored bytes with the revision appended ({@link Codec#encodedWithRevision}),
   * so a LIST of every object decodes and re-encodes none of them.
   */
  public PackedList listPacked(Kind kind, String namespace, Selector labels, FieldSelector fields) {
    Range range = storage.range(keys.listPrefix(kind, namespace), 0);
    boolean everything = labels.isEmpty() && fields.isEmpty();
    List<Any> items = new ArrayList<>(range.items().size());
    for (KeyValue kv : range.items()) {
      if (!everything) {
        Message object = Codec.decode(kind, kv.value(), kv.modRevision());
        if (!labels.matches(ApiObjects.meta(object).getLabelsMap()) || !fields.matches(object)) {
          continue;
        }
      }
      items.add(Codec.packedWithRevision(kind, kv.value(), kv.modRevision()));
    }
    return new PackedList(items, range.revision());
  }

  private record Stored(Message object, long modRevision, String key) {}

  private Stored read(Kind kind, String namespace, String name) {
    String ns = kind.namespaced() ? namespace : "";
    if (name.isEmpty()) {
      throw ApiError.badRequest("resource name may not be empty");
    }
    String key = keys.key(kind, ns, name);
    KeyValue kv = storage.get(key).orElseThrow(() -> ApiError.notFound(kind, name));
    return new Stored(Codec.decode(kind, kv.value(), kv.modRevision()), kv.modRevision(), key);
  }

  // ------------------------------------------------------------------ update

  public Message update(Message input, boolean dryRun) {
    Kind kind = Kinds.of(input);
    KindStrategy strategy = strategies.of(kind);
    Message desired = strategy.applyDefaults(Codec.typed(kind, input));
    ObjectMeta in = ApiObjects.meta(desired);
    long expected = parseResourceVersion(kind, in);
    for (int attempt = 0; ; attempt++) {
      Stored stored = read(kind, in.getNamespace(), in.getName());
      if (expected != 0 && expected != stored.modRevision) {
        throw ApiError.modified(kind, in.getName());
      }
      Message old = stored.object;
      ObjectMeta oldMeta = ApiObjects.meta(old);
      ObjectMeta.Builder meta = in.toBuilder()
          .setNamespace(kind.namespaced() ? in.getNamespace() : "")
          .setCreationTimestamp(oldMeta.getCreationTimestamp())
          .setGeneration(oldMeta.getGeneration())
          .setDeletionTimestamp(oldMeta.getDeletionTimestamp())
          .setResourceVersion(oldMeta.getResourceVersion());
      if (meta.getUid().isEmpty()) {
        meta.setUid(oldMeta.getUid());
      }
      if (oldMeta.hasDeletionGracePeriodSeconds()) {
        meta.setDeletionGracePeriodSeconds(oldMeta.getDeletionGracePeriodSeconds());
      } else {
        meta.clearDeletionGracePeriodSeconds();
      }
      Message object = copyField(ApiObjects.withMeta(desired, meta.build()), old, "status");
      object = strategy.prepareForUpdate(object, old);
      Message spec = ApiObjects.spec(object);
      if (spec != null && !spec.equals(ApiObjects.spec(old))) {
        object = ApiObjects.withMeta(object, ApiObjects.meta(object).toBuilder().setGeneration(oldMeta.getGeneration() + 1).build());
      }
      List<FieldError> errors = new ArrayList<>(MetaValidation.validateObjectMeta(ApiObjects.meta(object), kind.namespaced(), strategy.nameRule()));
      errors.addAll(MetaValidation.validateObjectMetaUpdate(ApiObjects.meta(object), oldMeta));
      errors.addAll(strategy.validate(object));
      if (errors.isEmpty()) {
        errors.addAll(strategy.validateUpdate(object, old));
      }
      if (!errors.isEmpty()) {
        throw ApiError.invalid(kind, in.getName(), errors);
      }
      admit(ValidatingAdmission.Operation.UPDATE, kind, "", object, old, dryRun);
      if (object.equals(old) && !storage.readStale(stored.key, stored.modRevision)) {
        return old;
      }
      WriteHook hook = hook(kind);
      if (shouldDeleteDuringUpdate(object, old)) {
        if (dryRun) {
          return object;
        }
        try {
          long revision = storage.delete(stored.key, stored.modRevision);
          if (hook != null) {
            hook.afterDelete(old);
          }
          return Codec.withRevision(object, revision);
        } catch (RevisionConflictException | KeyNotFoundException e) {
          if (expected != 0 || attempt >= UNCONDITIONAL_RETRIES) {
            throw conflictOrGone(kind, in.getName(), e);
          }
          continue;
        }
      }
      WriteHook.Pending pending = hook == null ? WriteHook.nothing(object) : hook.beginUpdate(object, old, dryRun);
      object = pending.object();
      if (dryRun) {
        return object;
      }
      try {
        long revision = storage.update(stored.key, Codec.encode(object), stored.modRevision);
        pending.commit();
        return Codec.withRevision(object, revision);
      } catch (RevisionConflictException | KeyNotFoundException e) {
        pending.revert();
        if (expected != 0 || attempt >= UNCONDITIONAL_RETRIES) {
          throw conflictOrGone(kind, in.getName(), e);
        }
      } catch (StorageUnavailableException e) {
        // As in create: the write may have landed, so nothing is given back or freed.
        throw e;
      } catch (RuntimeException e) {
        pending.revert();
        throw e;
      }
    }
  }

  /** Replaces status only; spec and metadata stay as stored (resourceVersion, when given, must match). */
  public Message updateStatus(Message input, boolean dryRun) {
    Kind kind = Kinds.of(input);
    if (input.getDescriptorForType().findFieldByName("status") == null) {
      throw ApiError.unknownResource(kind.resource() + "/status");
    }
    return writeStatus(input, dryRun, strategies.of(kind).status(), "status");
  }

  /** A CertificateSigningRequest's approval subresource: its Approved and Denied conditions only. */
  public Message updateApproval(Message input, boolean dryRun) {
    Kind kind = Kinds.of(input);
    StatusWrite approval = strategies.of(kind).approval();
    if (approval == null) {
      throw ApiError.unknownResource(kind.resource() + "/approval");
    }
    return writeStatus(input, dryRun, approval, "approval");
  }

  private Message writeStatus(Message input, boolean dryRun, StatusWrite write, String subresource) {
    Kind kind = Kinds.of(input);
    KindStrategy strategy = strategies.of(kind);
    ObjectMeta in = ApiObjects.meta(input);
    long expected = parseResourceVersion(kind, in);
    for (int attempt = 0; ; attempt++) {
      Stored stored = read(kind, in.getNamespace(), in.getName());
      if (expected != 0 && expected != stored.modRevision) {
        throw ApiError.modified(kind, in.getName());
      }
      Message object = write.prepare(copyField(stored.object, input, "status"), stored.object);
      List<FieldError> errors = new ArrayList<>(strategy.validate(object));
      if (errors.isEmpty()) {
        errors.addAll(write.validate(object, stored.object));
      }
      if (!errors.isEmpty()) {
        throw ApiError.invalid(kind, in.getName(), errors);
      }
      admit(ValidatingAdmission.Operation.UPDATE, kind, subresource, object, stored.object, dryRun);
      if (dryRun || object.equals(stored.object)) {
        return object;
      }
      try {
        long revision = storage.update(stored.key, Codec.encode(object), stored.modRevision);
        return Codec.withRevision(object, revision);
      } catch (RevisionConflictException | KeyNotFoundException e) {
        if (expected != 0 || attempt >= UNCONDITIONAL_RETRIES) {
          throw conflictOrGone(kind, in.getName(), e);
        }
      }
    }
  }

  /** Upstream ShouldDeleteDuringUpdate: the last finalizer of an object being deleted (with no grace left) went. */
  private static boolean shouldDeleteDuringUpdate(Message object, Message old) {
    ObjectMeta meta = ApiObjects.meta(object);
    ObjectMeta oldMeta = ApiObjects.meta(old);
    if (oldMeta.getDeletionTimestamp().isEmpty() || hasFinalizers(object)) {
      return false;
    }
    if (!hasFinalizers(old)) {
      return false;
    }
    return !oldMeta.hasDeletionGracePeriodSeconds() || oldMeta.getDeletionGracePeriodSeconds() == 0
        || meta.getDeletionGracePeriodSeconds() == 0;
  }

  /** Metadata finalizers, and for namespaces also spec.finalizers (the namespace controller's). */
  private static boolean hasFinalizers(Message object) {
    if (ApiObjects.meta(object).getFinalizersCount() > 0) {
      return true;
    }
    return object instanceof Namespace ns && ns.getSpec().getFinalizersCount() > 0;
  }

  // ------------------------------------------------------------------ delete

  /** Deletion options of one request, as upstream's DeleteOptions. */
  public record DeleteRequest(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
      String preconditionResourceVersion) {}

  public Message delete(Kind kind, String namespace, String name, DeleteRequest request) {
    return delete(kind, namespace, name, request, false);
  }

  /** With dryRun the delete is admitted and its preconditions checked, and nothing is written. */
  public Message delete(Kind kind, String namespace, String name, DeleteRequest request, boolean dryRun) {
    KindStrategy strategy = strategies.of(kind);
    namespaces.admitDelete(kind, name);
    String policy = request.propagationPolicy() == null ? "" : request.propagationPolicy();
    if (!policy.isEmpty() && !List.of("Background", "Foreground", "Orphan").contains(policy)) {
      throw ApiError.badRequest("propagationPolicy: Unsupported value: \"" + policy
          + "\": supported values: \"Orphan\", \"Background\", \"Foreground\"");
    }
    for (int attempt = 0; ; attempt++) {
      Stored stored = read(kind, namespace, name);
      Message old = stored.object;
      ObjectMeta oldMeta = ApiObjects.meta(old);
      checkPreconditions(kind, name, oldMeta, request);
      admit(ValidatingAdmission.Operation.DELETE, kind, "", old, null, dryRun);
      if (dryRun) {
        return old;
      }
      try {
        return deleteOnce(kind, strategy, stored, oldMeta, request, policy);
      } catch (RevisionConflictException e) {
        if (attempt >= UNCONDITIONAL_RETRIES) {
          throw ApiError.modified(kind, name);
        }
      } catch (KeyNotFoundException e) {
        throw ApiError.notFound(kind, name);
      }
    }
  }

  private Message deleteOnce(Kind kind, KindStrategy strategy, Stored stored, ObjectMeta oldMeta,
      DeleteRequest request, String policy) {
    Message old = stored.object;
    if (old instanceof Namespace ns) {
      return deleteNamespace(stored, ns, policy);
    }
    long grace = strategy.gracePeriodSeconds(old, request.gracePeriodSeconds());
    Set<String> finalizers = finalizersAfter(oldMeta.getFinalizersList(), policy);
    boolean deleting = !oldMeta.getDeletionTimestamp().isEmpty();
    Instant now = clock.instant();
    if (deleting) {
      long current = oldMeta.hasDeletionGracePeriodSeconds() ? oldMeta.getDeletionGracePeriodSeconds() : 0;
      boolean shorter = grace < current;
      if (!shorter && finalizers.equals(new LinkedHashSet<>(oldMeta.getFinalizersList()))) {
        return old; // deletion already under way
      }
      if (grace > 0 || !finalizers.isEmpty()) {
        ObjectMeta.Builder meta = oldMeta.toBuilder().clearFinalizers().addAllFinalizers(finalizers);
        if (shorter) {
          meta.setDeletionTimestamp(timestamp(now.plusSeconds(grace))).setDeletionGracePeriodSeconds(grace);
        }
        return write(stored, ApiObjects.withMeta(old, meta.build()));
      }
    } else if (grace > 0 || !finalizers.isEmpty()) {
      ObjectMeta meta = oldMeta.toBuilder().clearFinalizers().addAllFinalizers(finalizers)
          .setDeletionTimestamp(timestamp(now.plusSeconds(grace)))
          .setDeletionGracePeriodSeconds(grace)
          .build();
      return write(stored, ApiObjects.withMeta(old, meta));
    }
    long revision = storage.delete(stored.key, stored.modRevision);
    WriteHook hook = hook(kind);
    if (hook != null) {
      hook.afterDelete(old);
    }
    return Codec.withRevision(old, revision);
  }

  /** A namespace turns Terminating; it goes once its finalizers (spec and metadata) are all removed. */
  private Message deleteNamespace(Stored stored, Namespace ns, String policy) {
    Set<String> finalizers = finalizersAfter(ns.getMetadata().getFinalizersList(), policy);
    if (ns.getMetadata().getDeletionTimestamp().isEmpty()) {
      Namespace terminating = ns.toBuilder()
          .setMetadata(ns.getMetadata().toBuilder().setDeletionTimestamp(timestamp(clock.instant()))
              .setDeletionGracePeriodSeconds(0).clearFinalizers().addAllFinalizers(finalizers))
          .setStatus(NamespaceStatus.newBuilder().setPhase("Terminating"))
          .build();
      if (terminating.getSpec().getFinalizersCount() > 0 || !finalizers.isEmpty()) {
        return write(stored, terminating);
      }
    } else if (ns.getSpec().getFinalizersCount() > 0 || !finalizers.isEmpty()) {
      return ns;
    }
    long revision = storage.delete(stored.key, stored.modRevision);
    return Codec.withRevision(ns, revision);
  }

  private Message write(Stored stored, Message object) {
    long revision = storage.update(stored.key, Codec.encode(object), stored.modRevision);
    return Codec.withRevision(object, revision);
  }

  /** Orphan and Foreground policies add their finalizer (and drop the other); Background drops both. */
  private static Set<String> finalizersAfter(List<String> current, String policy) {
    Set<String> result = new LinkedHashSet<>(current);
    switch (policy) {
      case "Orphan" -> {
        result.remove("foregroundDeletion");
        result.add("orphan");
      }
      case "Foreground" -> {
        result.remove("orphan");
        result.add("foregroundDeletion");
      }
      case "Background" -> {
        result.remove("orphan");
        result.remove("foregroundDeletion");
      }
      default -> { }
    }
    return result;
  }

  private static void checkPreconditions(Kind kind, String name, ObjectMeta meta, DeleteRequest request) {
    String uid = request.preconditionUid();
    if (uid != null && !uid.isEmpty() && !uid.equals(meta.getUid())) {
      throw ApiError.conflict(kind, name, "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + meta.getUid());
    }
    String rv = request.preconditionResourceVersion();
    if (rv != null && !rv.isEmpty() && !rv.equals(meta.getResourceVersion())) {
      throw ApiError.conflict(kind, name, "Precondition failed: ResourceVersion in precondition: " + rv
          + ", ResourceVersion in object meta: " + meta.getResourceVersion());
    }
  }

  // ------------------------------------------------------------------ bind

  /** Sets spec.nodeName of an unbound pod; a pod already bound or being deleted is a conflict. */
  public Message bind(String namespace, String name, String nodeName, String uid) {
    Kind kind = Kinds.POD;
    if (nodeName.isEmpty()) {
      throw ApiError.invalid(Kinds.POD, name, List.of(FieldError.required("target.name", "")));
    }
    for (int attempt = 0; ; attempt++) {
      Stored stored = read(kind, namespace, name);
      Pod pod = (Pod) stored.object;
      if (!uid.isEmpty() && !uid.equals(pod.getMetadata().getUid())) {
        throw ApiError.conflict(kind, name, "Precondition failed: UID in precondition: " + uid
            + ", UID in object meta: " + pod.getMetadata().getUid());
      }
      if (!pod.getMetadata().getDeletionTimestamp().isEmpty()) {
        throw ApiError.conflict(kind, name, "pod " + name + " is being deleted, cannot be assigned to a host");
      }
      if (!pod.getSpec().getNodeName().isEmpty()) {
        throw ApiError.conflict(kind, name, "pod " + name + " is already assigned to node \"" + pod.getSpec().getNodeName() + "\"");
      }
      Pod bound = pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName(nodeName)).build();
      try {
        return write(stored, bound);
      } catch (RevisionConflictException e) {
        if (attempt >= UNCONDITIONAL_RETRIES) {
          throw ApiError.modified(kind, name);
        }
      } catch (KeyNotFoundException e) {
        throw ApiError.notFound(kind, name);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static ApiError conflictOrGone(Kind kind, String name, RuntimeException e) {
    return e instanceof KeyNotFoundException ? ApiError.notFound(kind, name) : ApiError.modified(kind, name);
  }

  private static long parseResourceVersion(Kind kind, ObjectMeta meta) {
    String rv = meta.getResourceVersion();
    if (rv.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw ApiError.invalid(kind, meta.getName(),
          List.of(FieldError.invalid("metadata.resourceVersion", rv, "must be a number")));
    }
  }

  /** The target with one field (status) taken from the source, when the kind has that field. */
  private static Message copyField(Message target, Message source, String field) {
    FieldDescriptor f = target.getDescriptorForType().findFieldByName(field);
    if (f == null) {
      return target;
    }
    return target.toBuilder().setField(f, source.getField(f)).build();
  }

  /** RFC 3339 in UTC with seconds precision, as upstream's metav1.Time. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

}
