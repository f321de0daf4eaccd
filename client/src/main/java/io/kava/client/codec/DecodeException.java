package io.kava.client.codec;

/** A problem at one field path of a document; {@link Manifests} adds the source and document. */
final class DecodeException extends RuntimeException {
  DecodeException(String message) {
    super(message, null, false, false);
  }

  static DecodeException unknownField(String path) {
    return new DecodeException("unknown field \"" + path + "\"");
  }

  static DecodeException invalidType(String path, String got, String expected) {
    return new DecodeException("invalid type for \"" + path + "\": got \"" + got + "\", expected \"" + expected + "\"");
  }

  static DecodeException invalidValue(String path, String reason) {
    return new DecodeException("invalid value for \"" + path + "\": " + reason);
  }
}
