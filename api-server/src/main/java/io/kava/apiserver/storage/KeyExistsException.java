package io.kava.apiserver.storage;

public class KeyExistsException extends StorageException {
  public KeyExistsException(String key) {
    super("Key " + key + " already exists");
  }
}
