package io.kava.kubectl.jsonpath;

/** A template that does not parse, or does not apply to the data it was given; the message is upstream's. */
public final class JsonPathException extends RuntimeException {
  public JsonPathException(String message) {
    super(message, null, false, false);
  }
}
