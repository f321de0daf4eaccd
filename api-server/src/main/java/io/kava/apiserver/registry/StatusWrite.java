package io.kava.apiserver.registry;

import com.google.protobuf.Message;
import io.kava.apiserver.errors.FieldError;
import java.util.List;

/**
 * What a write of a status-like subresource (status, a CertificateSigningRequest's approval) keeps and
 * checks, as upstream's status strategies. The object it gets is the stored object with the request's
 * status in it; {@link #prepare} decides what of that status stays.
 */
public interface StatusWrite {
  /** Takes the request's whole status, checked by the kind's validation only (most kinds). */
  StatusWrite PLAIN = new StatusWrite() {};

  default Message prepare(Message object, Message old) {
    return object;
  }

  /** Rules of the change, after the object passed the kind's validation. */
  default List<FieldError> validate(Message object, Message old) {
    return List.of();
  }
}
