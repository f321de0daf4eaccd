package io.kava.e2e;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The DNS part of the services benchmark: A queries over UDP for a Service name, sent straight to the
 * cluster DNS server by N clients (dnsjava's SimpleResolver, one query in flight per client).
 */
final class DnsLoad {
  private DnsLoad() {}

  static void run(TestCluster cluster, int seconds, int clients) throws Exception {
    Name name = Name.fromString("bench.default.svc.cluster.local.");
    InetSocketAddress server = new InetSocketAddress(cluster.dnsAddress(), cluster.dnsPort());
    measure(server, name, clients, 2); // warm-up
    List<Long> micros = Collections.synchronizedList(new ArrayList<>());
    AtomicLong failures = new AtomicLong();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(() -> query(server, name, end, micros, failures));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    System.out.printf("DNS A queries over UDP, %d clients, %d s%n", clients, seconds);
    if (sorted.isEmpty()) {
      System.out.printf("%-34s no answer (%d failed)%n", "  cluster DNS", failures.get());
      return;
    }
    System.out.printf("%-34s %7.0f queries/s  p50 %6.2f ms  p99 %6.2f ms  failed %d%n", "  cluster DNS",
        sorted.size() / elapsed, ServiceBenchmark.percentile(sorted, 50) / 1000.0,
        ServiceBenchmark.percentile(sorted, 99) / 1000.0, failures.get());
  }

  private static void measure(InetSocketAddress server, Name name, int clients, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    query(server, name, end, new ArrayList<>(), new AtomicLong());
  }

  private static void query(InetSocketAddress server, Name name, long end, List<Long> micros, AtomicLong failures) {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(Duration.ofSeconds(2));
    List<Long> mine = new ArrayList<>();
    Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      try {
        Message answer = resolver.send(query);
        if (answer.getRcode() == Rcode.NOERROR && answer.getSection(org.xbill.DNS.Section.ANSWER).size() == 1) {
          mine.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
        } else {
          failures.incrementAndGet();
        }
      } catch (Exception e) {
        failures.incrementAndGet();
      }
    }
    micros.addAll(mine);
  }
}
