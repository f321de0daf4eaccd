package io.kava.kubectl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the API server is: --server, else env KAVA_API_SERVER, else the `server:` line of the config file
 * (env KAVA_CONFIG, else ~/.kava/config, written by the cluster launcher), else 127.0.0.1:6443. Each may
 * be a comma-separated list of API servers ("127.0.0.1:6443,127.0.0.1:6444"), which the client fails
 * over between.
 */
public final class ServerAddress {
  public static final String DEFAULT = "127.0.0.1:6443";

  private ServerAddress() {}

  public static String resolve(String flag, Env env) {
    if (flag != null && !flag.isBlank()) {
      return normalize(flag);
    }
    String fromEnv = env.variable("KAVA_API_SERVER");
    if (fromEnv != null) {
      return normalize(fromEnv);
    }
    String configPath = env.variable("KAVA_CONFIG");
    Path config = configPath != null ? Path.of(configPath) : env.home().resolve(".kava").resolve("config");
    String fromFile = serverLine(config);
    return fromFile != null ? normalize(fromFile) : DEFAULT;
  }

  /** The value of the `server:` line of a simple `key: value` file, or null if there is none. */
  static String serverLine(Path config) {
    if (!Files.isRegularFile(config)) {
      return null;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(config);
    } catch (IOException e) {
      throw CliException.error("cannot read " + config + ": " + e.getMessage());
    }
    for (String line : lines) {
      String l = line.strip();
      if (l.startsWith("server:")) {
        String value = l.substring("server:".length()).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  /** "http://127.0.0.1:6443/" and "127.0.0.1:6443" both mean host:port for gRPC; lists keep their order. */
  static String normalize(String addresses) {
    StringBuilder out = new StringBuilder();
    for (String part : addresses.split(",")) {
      String a = normalizeOne(part);
      if (!a.isEmpty()) {
        out.append(out.isEmpty() ? "" : ",").append(a);
      }
    }
    return out.toString();
  }

  private static String normalizeOne(String address) {
    String a = address.strip();
    int scheme = a.indexOf("://");
    if (scheme >= 0) {
      a = a.substring(scheme + 3);
    }
    while (a.endsWith("/")) {
      a = a.substring(0, a.length() - 1);
    }
    return a;
  }
}
