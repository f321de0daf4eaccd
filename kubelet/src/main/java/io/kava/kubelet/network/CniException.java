package io.kava.kubelet.network;

import com.fasterxml.jackson.databind.JsonNode;

/** A CNI plugin failed or could not be run; the message is the plugin's own error when it gave one. */
public final class CniException extends Exception {
  public CniException(String message) {
    super(message);
  }

  /** The spec's error object ({"code", "msg", "details"}) as one line, else what the plugin wrote to stderr. */
  static String describe(JsonNode error, String stderr) {
    if (error != null && error.hasNonNull("msg")) {
      String details = error.path("details").asText("");
      return error.get("msg").asText() + (details.isEmpty() ? "" : ": " + details);
    }
    return stderr.isEmpty() ? "no error message" : stderr;
  }
}
