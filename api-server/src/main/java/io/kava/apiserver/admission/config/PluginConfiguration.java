package io.kava.apiserver.admission.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * One plugin's configuration object from the AdmissionConfiguration, inline or read from its path, with
 * where it came from so that a plugin's own errors name the place.
 *
 * @param where "plugins[0].configuration" or "plugins[0].path /etc/kava/eventratelimit.yaml"
 * @param object the configuration object (apiVersion, kind and the plugin's own fields)
 */
public record PluginConfiguration(String where, JsonNode object) {
  /** Reads the object with the plugin's parser; an error of the parser gets this configuration's place in front. */
  public <T> T read(Function<JsonNode, T> parser) {
    try {
      return parser.apply(object);
    } catch (AdmissionConfigException e) {
      throw new AdmissionConfigException(where + ": " + e.getMessage());
    }
  }
}
