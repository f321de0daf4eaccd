package io.kava.client.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Turns a YAML or JSON parser's multi-line complaint into one line with its position. */
final class SyntaxErrors {
  private SyntaxErrors() {}

  static String oneLine(IOException e) {
    String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    List<String> parts = new ArrayList<>();
    for (String line : String.valueOf(message).split("\n")) {
      // SnakeYAML adds indented lines with the source excerpt and a caret: keep only the sentences
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        parts.add(line.strip());
      }
    }
    String where = "";
    if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
      JsonLocation at = jpe.getLocation();
      if (at.getLineNr() > 0) {
        where = "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      }
    }
    return where + String.join(": ", parts);
  }
}
