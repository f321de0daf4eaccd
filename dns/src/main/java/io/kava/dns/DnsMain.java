package io.kava.dns;

import io.kava.client.KavaClient;
import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `kava-dns`: parses flags, builds the config and hands over to {@link ClusterDns}. */
@Command(name = "kava-dns", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Serves the cluster domain from Services and EndpointSlices, as CoreDNS's kubernetes plugin.")
public final class DnsMain implements Callable<Integer> {
  @Option(names = "--server", defaultValue = "${env:KAVA_API_SERVER:-127.0.0.1:6443}",
      description = "API server address, or several comma-separated to fail over between (env KAVA_API_SERVER)")
  String server;

  @Option(names = "--kubeconfig", description = "kubeconfig file: the API server's CA and this component's client certificate or token (TLS); its server unless --server is given")
  java.nio.file.Path kubeconfig;

  @Option(names = "--listen", defaultValue = DnsConfig.DEFAULT_LISTEN,
      description = "IP:PORT to serve DNS on, UDP and TCP. Loopback by default: deploy/up.sh passes the docker0"
          + " bridge address, where pods reach it")
  String listen;

  @Option(names = "--advertise-address",
      description = "The address written into the kube-dns endpoints (default: the --listen address)")
  String advertiseAddress;

  @Option(names = "--cluster-domain", defaultValue = DnsConfig.DEFAULT_CLUSTER_DOMAIN,
      description = "The zone this server is authoritative for")
  String clusterDomain;

  @Option(names = "--service-cluster-ip-range", defaultValue = DnsConfig.DEFAULT_SERVICE_RANGE,
      description = "The Service CIDR; its in-addr.arpa names are answered here (PTR)")
  String serviceRange;

  @Option(names = "--cluster-ip", defaultValue = DnsConfig.DEFAULT_CLUSTER_IP,
      description = "The ClusterIP of the kube-system/kube-dns Service this server registers")
  String clusterIp;

  @Option(names = "--upstream",
      description = "IP:PORT of a resolver for names outside the cluster domain (default: none, such names are REFUSED)")
  String upstream;

  @Option(names = "--ttl", defaultValue = "5", description = "TTL of every answer, in seconds (CoreDNS's default)")
  long ttl;

  @Option(names = "--pods", defaultValue = "insecure",
      description = "a-b-c-d.<ns>.pod.<domain> records: insecure (answer the address asked for) or disabled")
  String pods;

  @Option(names = "--workers", defaultValue = "2", description = "Threads answering UDP queries")
  int workers;

  @Option(names = "--register", defaultValue = "true", arity = "1",
      description = "Create or update the kube-system/kube-dns Service and write this server as its endpoint")
  boolean register;

  @Override
  public Integer call() throws Exception {
    DnsConfig config;
    try {
      config = DnsConfig.parse(server, listen, advertiseAddress, clusterDomain, serviceRange, clusterIp, upstream, ttl,
          pods, workers, register);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (KavaClient client = KavaClient.connect(io.kava.client.config.KubeConfigLoader.component(kubeconfig, config.server()));
        ClusterDns dns = startOrExplain(config, client)) {
      if (dns == null) {
        return 1;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        dns.close();
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    }
    return 0;
  }

  /** A taken port is an operator's problem, not a bug: one line, no stack trace. */
  private static ClusterDns startOrExplain(DnsConfig config, KavaClient client) throws IOException, InterruptedException {
    try {
      return ClusterDns.start(config, client);
    } catch (BindException e) {
      System.err.println("kava-dns: " + e.getMessage());
      return null;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DnsMain()).execute(args));
  }
}
