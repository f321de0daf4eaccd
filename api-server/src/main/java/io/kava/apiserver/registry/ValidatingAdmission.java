package io.kava.apiserver.registry;

import com.google.protobuf.Message;
import io.kava.apiserver.auth.UserInfo;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;

/**
 * A validating admission plugin, as upstream's admission.ValidationInterface: sees every write through
 * the registry with its caller, after the object's own validation and before anything is stored, and
 * refuses it by throwing an ApiError. Dry runs are admitted as real ones, as upstream.
 */
public interface ValidatingAdmission {
  enum Operation { CREATE, UPDATE, DELETE }

  /**
   * Upstream's admission.Attributes: the operation, the kind and subresource ("" for the object itself,
   * "status", "approval", "eviction"), the object (for DELETE the stored one; for an eviction the pod),
   * the stored object an UPDATE replaces (else null), the caller (anonymous for the server's own writes)
   * and whether the write is a dry run (upstream's IsDryRun: EventRateLimit spends no tokens on one).
   */
  record Attributes(Operation operation, Kind kind, String subresource, Message object, Message old, UserInfo user,
      boolean dryRun) {
    public Attributes(Operation operation, Kind kind, String subresource, Message object, Message old, UserInfo user) {
      this(operation, kind, subresource, object, old, user, false);
    }

    public String name() {
      return ApiObjects.meta(object).getName();
    }

    public String namespace() {
      return kind.namespaced() ? ApiObjects.meta(object).getNamespace() : "";
    }
  }

  void validate(Attributes attributes);
}
