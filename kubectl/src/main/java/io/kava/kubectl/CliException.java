package io.kava.kubectl;

/**
 * A failure to show the user as is: the message is the complete line, already starting with "error: "
 * or "Error from server (Reason): " as kubectl writes it.
 */
public class CliException extends RuntimeException {
  public CliException(String line) {
    super(line, null, false, false);
  }

  /** "error: " + message, the prefix of every client-side error. */
  public static CliException error(String message) {
    return new CliException("error: " + message);
  }
}
