package io.kava.kubectl.print;

import com.fasterxml.jackson.databind.JsonNode;
import io.kava.kubectl.CliException;
import io.kava.kubectl.jsonpath.JsonPath;
import io.kava.kubectl.jsonpath.JsonPathException;

/** Runs a -o jsonpath template; a failure is kubectl's one error line. */
public final class Templates {
  private Templates() {}

  public static String execute(JsonPath template, JsonNode data) {
    try {
      return template.execute(data);
    } catch (JsonPathException e) {
      throw CliException.error("error executing jsonpath " + quote(template.template()) + ": Error executing template: "
          + e.getMessage());
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
