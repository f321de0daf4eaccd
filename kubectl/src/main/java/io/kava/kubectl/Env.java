package io.kava.kubectl;

import io.kava.client.KavaClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * What kavactl takes from the world it runs in: environment variables, home folder, standard streams,
 * the clock (for AGE columns) and how to connect to an API server. Tests pass their own.
 */
public record Env(
    Map<String, String> variables,
    Path home,
    InputStream in,
    PrintStream out,
    PrintStream err,
    Clock clock,
    Function<String, KavaClient> connector) {

  /** The real connector: only with it does a kubeconfig's TLS and credentials apply (tests pass their own). */
  public static final Function<String, KavaClient> SYSTEM_CONNECTOR = KavaClient::connect;

  public static Env system() {
    return new Env(System.getenv(), Path.of(System.getProperty("user.home")), System.in,
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8),
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8),
        Clock.systemUTC(), SYSTEM_CONNECTOR);
  }

  public String variable(String name) {
    String v = variables.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
