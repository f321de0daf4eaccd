package io.kava.controllermanager.podautoscaler;

/** The replica count could not be computed from the metrics (upstream's errors, same messages). */
public final class MetricsUnavailableException extends Exception {
  public MetricsUnavailableException(String message) {
    super(message);
  }
}
