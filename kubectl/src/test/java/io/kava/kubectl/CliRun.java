package io.kava.kubectl;

import io.kava.client.KavaClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Runs kavactl in-process with captured output, a fixed clock and a chosen API server connection. */
public final class CliRun {
  public static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

  private final Function<String, KavaClient> connector;
  private final Map<String, String> env = new HashMap<>();
  private Path home = Path.of("/nonexistent-home");
  private String stdin = "";
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  public CliRun(Function<String, KavaClient> connector) {
    this.connector = connector;
  }

  public CliRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public CliRun home(Path home) {
    this.home = home;
    return this;
  }

  public CliRun stdin(String text) {
    this.stdin = text;
    return this;
  }

  public CliRun clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env e = new Env(Map.copyOf(env), home, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), clock,
        connector);
    int code = Kavactl.run(args, e);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** What one run printed and returned. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
