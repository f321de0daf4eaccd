package io.kava.client.codec;

/**
 * A manifest that cannot be read: bad YAML or JSON, an unknown kind, an unknown field, a value of the wrong
 * type. The message is the one line a user sees, naming the source and the field path.
 */
public class ManifestException extends RuntimeException {
  private final String sourceName;
  private final int documentIndex;

  public ManifestException(String message, String sourceName, int documentIndex) {
    super(message);
    this.sourceName = sourceName;
    this.documentIndex = documentIndex;
  }

  /** The file name (or "STDIN") the manifest came from. */
  public String sourceName() {
    return sourceName;
  }

  /** The 1-based document of a multi-document stream, counting empty documents; 0 if not known. */
  public int documentIndex() {
    return documentIndex;
  }
}
