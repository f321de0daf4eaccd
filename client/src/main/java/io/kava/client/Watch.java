package io.kava.client;

/** A running watch; close it to stop the stream. */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
