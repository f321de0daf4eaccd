package io.kava.kubectl.generate;

import io.kava.kubectl.CliException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The keys and bytes of `create configmap|secret generic` from --from-literal key=value, --from-file
 * [key=]path (a directory: each regular file in it) and --from-env-file, with kubectl's checks and
 * error lines. Values stay bytes; the ConfigMap decides what is text and what binaryData.
 */
public final class DataSources {
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private final String kind;
  private final String name;
  private final UnaryOperator<String> env;
  private final Map<String, byte[]> data = new LinkedHashMap<>();

  /** kind and name word the errors ("ConfigMap", "Secret"); env resolves a bare KEY of an env file. */
  public DataSources(String kind, String name, UnaryOperator<String> env) {
    this.kind = kind;
    this.name = name;
    this.env = env;
  }

  public Map<String, byte[]> data() {
    return data;
  }

  public DataSources literals(List<String> literals) {
    for (String literal : literals) {
      int eq = literal.indexOf('=');
      if (eq <= 0) {
        throw CliException.error("invalid literal source " + literal + ", expected key=value");
      }
      add(literal.substring(0, eq), literal.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  public DataSources files(List<String> sources) {
    for (String source : sources) {
      String key = null;
      String path = source;
      int eq = source.indexOf('=');
      if (eq == 0) {
        throw CliException.error("key name for file path " + source.substring(1) + " missing");
      }
      if (eq > 0) {
        key = source.substring(0, eq);
        path = source.substring(eq + 1);
        if (path.isEmpty()) {
          throw CliException.error("file path for key name " + key + " missing");
        }
      }
      Path p = Path.of(path);
      if (!Files.exists(p)) {
        throw CliException.error("lstat " + path + ": no such file or directory");
      }
      if (Files.isDirectory(p)) {
        if (key != null) {
          throw CliException.error("cannot give a key name for a directory path");
        }
        try (Stream<Path> files = Files.list(p)) {
          for (Path f : files.sorted().toList()) {
            if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
              add(f.getFileName().toString(), read(f));
            }
          }
        } catch (IOException e) {
          throw CliException.error("error listing files in " + path + ": " + e.getMessage());
        }
      } else {
        add(key != null ? key : p.getFileName().toString(), read(p));
      }
    }
    return this;
  }

  /** KEY=VALUE lines; blank lines and # comments skipped; a bare KEY takes its value from the environment. */
  public DataSources envFiles(List<String> paths) {
    for (String path : paths) {
      String text = new String(read(Path.of(path)), StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      for (String raw : text.split("\n", -1)) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        line = line.stripLeading();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        String key = eq < 0 ? line : line.substring(0, eq);
        if (!ENV_NAME.matcher(key).matches()) {
          throw CliException.error("\"" + key + "\" is not a valid key name: a valid environment variable name must "
              + "consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. "
              + "'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
              + "'[-._a-zA-Z][-._a-zA-Z0-9]*')");
        }
        String value = eq < 0 ? orEmpty(env.apply(key)) : line.substring(eq + 1);
        add(key, value.getBytes(StandardCharsets.UTF_8));
      }
    }
    return this;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private void add(String key, byte[] value) {
    if (!CONFIG_KEY.matcher(key).matches()) {
      throw CliException.error("\"" + key + "\" is not a valid key name for a " + kind + ": a valid config key must "
          + "consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', "
          + "regex used for validation is '[-._a-zA-Z0-9]+')");
    }
    if (data.containsKey(key)) {
      throw CliException.error("cannot add key \"" + key + "\", another key by that name already exists in Data for "
          + kind + " \"" + name + "\"");
    }
    data.put(key, value);
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw CliException.error("open " + p + ": no such file or directory");
    } catch (IOException e) {
      throw CliException.error("open " + p + ": " + e.getMessage());
    }
  }

  /** Whether the bytes are valid UTF-8 (a ConfigMap keeps those in data, the rest in binaryData). */
  public static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
