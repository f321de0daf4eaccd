package io.kava.apiserver.admission.config;

/**
 * An admission configuration is unusable (the --admission-control-config-file, a plugin's
 * configuration, a plugin on without the configuration it needs); the message names the file and field.
 */
public final class AdmissionConfigException extends RuntimeException {
  public AdmissionConfigException(String message) {
    super(message, null, false, false);
  }
}
