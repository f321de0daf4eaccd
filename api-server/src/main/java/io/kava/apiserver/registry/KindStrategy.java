package io.kava.apiserver.registry;

import com.google.protobuf.Message;
import io.kava.apiserver.errors.FieldError;
import io.kava.apiserver.validation.NameRules;
import io.kava.client.Kind;
import java.util.List;

/**
 * What differs between kinds, as upstream's per-resource strategies: name rule, defaulting, what create
 * and update prepare, validation, and graceful deletion. Everything else is generic ({@link Registry}).
 */
public interface KindStrategy {
  Kind kind();

  default NameRules.NameRule nameRule() {
    return NameRules.DNS1123_SUBDOMAIN;
  }

  /** Upstream defaulting: fills fields the user left out. Runs on every create and update. */
  default Message applyDefaults(Message object) {
    return object;
  }

  /** Server-side state on create (after uid and name are set): status reset, generated selectors. */
  default Message prepareForCreate(Message object) {
    return object;
  }

  /** Server-side state on update, after the generic part kept status and server-owned metadata. */
  default Message prepareForUpdate(Message object, Message old) {
    return object;
  }

  List<FieldError> validate(Message object);

  /** Rules of a change; object has already passed {@link #validate}. */
  default List<FieldError> validateUpdate(Message object, Message old) {
    return List.of();
  }

  /** The status subresource's write (upstream's status strategy). */
  default StatusWrite status() {
    return StatusWrite.PLAIN;
  }

  /** The approval subresource's write, for the kinds that have one (CertificateSigningRequest), else null. */
  default StatusWrite approval() {
    return null;
  }

  /**
   * Seconds a delete waits for the object's owner (the kubelet) to finish it, or 0 to delete at once.
   * Only pods bound to a node are deleted gracefully.
   */
  default long gracePeriodSeconds(Message object, Long requested) {
    return 0;
  }
}
