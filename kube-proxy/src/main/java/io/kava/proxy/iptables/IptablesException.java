package io.kava.proxy.iptables;

/** An iptables command failed; the message holds the command and what it printed. */
public final class IptablesException extends RuntimeException {
  public IptablesException(String message) {
    super(message);
  }

  public IptablesException(String message, Throwable cause) {
    super(message, cause);
  }
}
