package io.kava.kubectl.print;

import io.kava.kubectl.CliException;
import io.kava.kubectl.jsonpath.JsonPath;
import io.kava.kubectl.jsonpath.JsonPathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What -o asked for, with the template it carries: `-o jsonpath={.items[*].metadata.name}`,
 * `-o jsonpath-file=FILE`, `-o custom-columns=NAME:.metadata.name`, `-o custom-columns-file=FILE`.
 */
public record Output(OutputFormat format, JsonPath template, CustomColumns columns) {
  public static Output parse(String text) {
    OutputFormat format = OutputFormat.parse(text);
    if (format != OutputFormat.JSONPATH && format != OutputFormat.CUSTOM_COLUMNS) {
      return new Output(format, null, null);
    }
    int eq = text.indexOf('=');
    String name = eq < 0 ? text : text.substring(0, eq);
    String argument = eq < 0 ? "" : text.substring(eq + 1);
    if (argument.isEmpty()) {
      throw CliException.error(format == OutputFormat.JSONPATH ? "template format specified but no template given"
          : "custom-columns format specified but no custom columns given");
    }
    boolean file = name.endsWith("-file");
    String body = file ? read(argument) : argument;
    if (format == OutputFormat.CUSTOM_COLUMNS) {
      return new Output(format, null, file ? CustomColumns.parseFile(body) : CustomColumns.parse(body));
    }
    try {
      return new Output(format, JsonPath.parse(body).allowMissingKeys(true), null);
    } catch (JsonPathException e) {
      throw CliException.error("error parsing jsonpath " + body + ", " + e.getMessage());
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw CliException.error("error reading --template " + file + ", open " + file + ": no such file or directory");
    }
  }
}
