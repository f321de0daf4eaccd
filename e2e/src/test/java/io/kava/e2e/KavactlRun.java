package io.kava.e2e;

import io.kava.client.KavaClient;
import io.kava.client.config.ClientConfig;
import io.kava.kubectl.Env;
import io.kava.kubectl.Kavactl;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kavactl run in this JVM against a cluster's API server (the same code path as the binary) with the
 * given credentials (TestCluster#adminConfig), with its output captured; {@link #close} closes the connections it opened, which ends a following stream.
 */
final class KavactlRun implements AutoCloseable {
  private final ClientConfig config;
  private final InputStream in;
  private final OutputStream outSink;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<KavaClient> clients = new ArrayList<>();

  KavactlRun(ClientConfig config, InputStream in, OutputStream out) {
    this.config = config;
    this.in = in;
    this.outSink = out;
  }

  /** With empty stdin and stdout kept in memory. */
  static KavactlRun capturing(ClientConfig config) {
    return new KavactlRun(config, InputStream.nullInputStream(), new ByteArrayOutputStream());
  }

  int run(String... args) {
    List<String> all = new ArrayList<>(List.of("--server", config.server()));
    all.addAll(List.of(args));
    Env env = new Env(Map.of(), Path.of(System.getProperty("java.io.tmpdir")), in,
        new PrintStream(outSink, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Clock.systemUTC(), target -> {
          KavaClient c = KavaClient.connect(config.withServer(target));
          synchronized (clients) {
            clients.add(c);
          }
          return c;
        });
    return Kavactl.run(all.toArray(String[]::new), env);
  }

  String out() {
    return outSink instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "";
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    synchronized (clients) {
      clients.forEach(c -> c.channel().shutdownNow());
    }
  }
}
