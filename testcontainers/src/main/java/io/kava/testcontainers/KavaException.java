package io.kava.testcontainers;

/** A cluster operation of {@link KavaContainer} failed; the message carries kavactl's or Docker's error. */
public class KavaException extends RuntimeException {
  public KavaException(String message) {
    super(message);
  }
}
