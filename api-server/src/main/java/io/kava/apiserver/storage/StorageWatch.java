package io.kava.apiserver.storage;

/** An open storage watch; closing it stops the listener's calls. */
public interface StorageWatch extends AutoCloseable {
  @Override
  void close();
}
