package io.kava.kubectl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the API server is: --server, else env KAVA_API_SERVER, else the current context's cluster in the
 * config file (env KAVA_CONFIG, else ~/.kava/config; a legacy one-line `server:` file still reads), else
 * 127.0.0.1:6443. See {@link io.kava.kubectl.config.Connection}. Each may be a comma-separated list of API
 * servers ("127.0.0.1:6443,127.0.0.1:6444"), which the client fails over between.
 */
public final class ServerAddress {
  public static final String DEFAULT = "127.0.0.1:6443";

  private ServerAddress() {}

  public static String resolve(String flag, Env env) {
    return io.kava.kubectl.config.Connection.resolve(env, flag, null, null, null).server();
  }

  /** "http://127.0.0.1:6443/" and "127.0.0.1:6443" both mean host:port for gRPC; lists keep their order. */
  public static String normalize(String addresses) {
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
