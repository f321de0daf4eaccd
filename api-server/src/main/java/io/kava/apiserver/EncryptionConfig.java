package io.kava.apiserver;

import io.kava.apiserver.encryption.EncryptionAtRest;

/**
 * Encryption at rest (upstream's --encryption-provider-config), already read and checked at start.
 *
 * @param resources which resources are encrypted with which providers; empty: nothing is
 */
public record EncryptionConfig(EncryptionAtRest resources) {
  public static EncryptionConfig none() {
    return new EncryptionConfig(EncryptionAtRest.none());
  }
}
