package io.kava.client.pki;

/** A certificate or key could not be made, read or written; the message says which and why. */
public class PkiException extends RuntimeException {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
