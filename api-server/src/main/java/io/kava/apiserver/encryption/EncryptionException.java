package io.kava.apiserver.encryption;

import io.kava.apiserver.errors.ApiError;

/** A stored value no configured provider could read (wrong key, a key removed too early, corrupt data). */
final class EncryptionException {
  private EncryptionException() {}

  /** An INTERNAL API error naming the key and the storage key, with no stack trace on the wire. */
  static ApiError of(String storageKey, String detail) {
    return ApiError.internal("Internal error occurred: failed to decrypt the data stored at " + storageKey + ": " + detail);
  }
}
