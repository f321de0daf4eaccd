package io.kava.e2e;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.client.KavaClient;
import io.kava.e2e.bench.BenchReport;
import io.kava.e2e.bench.Samples;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * How soon a client finds a server that was down DOWN seconds once it listens again: KavaClient's channel
 * (ReconnectPacer: a redial every second) beside a plain gRPC channel (its connection backoff, up to 2 min),
 * both asking for a connection all along as an informer's retries do, both servers starting at once.
 *
 * <p>Usage: deploy/bench.sh reconnect [ROUNDS=2] [DOWN_SECONDS=35]
 */
public final class ReconnectBenchmark {
  private ReconnectBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int down = args.length > 1 ? Integer.parseInt(args[1]) : 35;
    Samples kava = new Samples();
    Samples plain = new Samples();
    for (int i = 0; i < rounds; i++) {
      int kavaPort = ApiServerHarness.freePort();
      int plainPort = ApiServerHarness.freePort();
      try (KavaClient client = KavaClient.connect("127.0.0.1:" + kavaPort)) {
        ManagedChannel baseline = NettyChannelBuilder.forAddress("127.0.0.1", plainPort).usePlaintext().build();
        try {
          long deadline = System.nanoTime() + Duration.ofSeconds(down).toNanos();
          while (System.nanoTime() < deadline) {
            client.channel().getState(true);
            baseline.getState(true);
            Thread.sleep(200);
          }
          Server kavaServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", kavaPort)).build().start();
          Server plainServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", plainPort)).build().start();
          long listening = System.nanoTime();
          double kavaMs = -1;
          double plainMs = -1;
          while (kavaMs < 0 || plainMs < 0) {
            double now = (System.nanoTime() - listening) / 1e6;
            if (kavaMs < 0 && client.channel().getState(true) == ConnectivityState.READY) {
              kavaMs = now;
            }
            if (plainMs < 0 && baseline.getState(true) == ConnectivityState.READY) {
              plainMs = now;
            }
            Thread.sleep(20);
          }
          kava.add(kavaMs);
          plain.add(plainMs);
          System.out.printf(Locale.ROOT, "round %d: KavaClient %.0f ms, plain gRPC %.0f ms%n", i + 1, kavaMs, plainMs);
          kavaServer.shutdownNow();
          plainServer.shutdownNow();
        } finally {
          baseline.shutdownNow();
        }
      }
    }
    new BenchReport("reconnect", "Reconnect to a server back after " + down + " s down, " + rounds + " rounds")
        .figure("listening to READY, p50", kava.p50(), plain.p50(), "ms", "about 1 s (one pace)")
        .figure("listening to READY, max", kava.max(), plain.max(), "ms", "")
        .note("Baseline: a plain gRPC channel's connection backoff (1 s growing 1.6x per attempt, up to 2 min).")
        .write(Integer.toString(rounds), Integer.toString(down));
  }
}
