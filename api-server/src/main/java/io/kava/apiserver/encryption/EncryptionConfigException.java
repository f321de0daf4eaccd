package io.kava.apiserver.encryption;

/** The --encryption-provider-config file is unusable; the message names the file and the field. */
public final class EncryptionConfigException extends RuntimeException {
  public EncryptionConfigException(String message) {
    super(message, null, false, false);
  }
}
