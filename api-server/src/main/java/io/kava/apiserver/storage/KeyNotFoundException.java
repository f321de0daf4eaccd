package io.kava.apiserver.storage;

public class KeyNotFoundException extends StorageException {
  public KeyNotFoundException(String key) {
    super("Key " + key + " not found");
  }
}
