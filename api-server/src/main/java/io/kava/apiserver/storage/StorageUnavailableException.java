package io.kava.apiserver.storage;

/** The store did not answer in time or could not be reached. */
public class StorageUnavailableException extends StorageException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
