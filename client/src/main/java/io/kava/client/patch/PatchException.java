package io.kava.client.patch;

/** A patch that cannot be applied: malformed, or naming something the document does not have. */
public final class PatchException extends RuntimeException {
  public PatchException(String message) {
    super(message, null, false, false);
  }
}
