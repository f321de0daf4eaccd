package io.kava.proxy.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs `ip route` in this process's network namespace (or, for tests, in a named one with `ip -n`).
 * Every route carries the routing protocol {@link #PROTOCOL}, so the routes kube-proxy wrote are told
 * apart from the host's own (`ip route show proto 76`) and a restart or --cleanup finds them.
 */
public final class IpRouteTable implements RouteTable {
  /** Kava's routing protocol number; upstream tools use 2..4 (kernel, boot, static), 16 and up (daemons). */
  public static final String PROTOCOL = "76";
  private static final long TIMEOUT_SECONDS = 30;

  private final String clusterCidr;
  private final String namespace;

  /** @param namespace a network namespace for `ip -n`, or "" for this process's own */
  public IpRouteTable(String clusterCidr, String namespace) {
    this.clusterCidr = clusterCidr;
    this.namespace = namespace;
  }

  public IpRouteTable(String clusterCidr) {
    this(clusterCidr, "");
  }

  @Override
  public List<Route> list() {
    String out = run("route", "show", "proto", PROTOCOL, "root", clusterCidr);
    return parse(out);
  }

  /** Lines such as "10.244.3.0/24 via 10.250.0.12 dev eth0 " from `ip route show`. */
  static List<Route> parse(String out) {
    List<Route> routes = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] words = line.trim().split("\\s+");
      for (int i = 1; i + 1 < words.length; i++) {
        if (words[i].equals("via")) {
          String destination = words[0].contains("/") ? words[0] : words[0] + "/32";
          routes.add(new Route(destination, words[i + 1]));
          break;
        }
      }
    }
    return routes;
  }

  /** The interface Kava's route to destination leaves by ("dev" of `ip route show exact`), if it has one. */
  public Optional<String> outInterface(String destination) {
    return device(run("route", "show", "exact", destination, "proto", PROTOCOL));
  }

  /** The word after "dev" in the first line of `ip route show`. */
  static Optional<String> device(String out) {
    for (String line : out.split("\n")) {
      String[] words = line.trim().split("\\s+");
      for (int i = 0; i + 1 < words.length; i++) {
        if (words[i].equals("dev")) {
          return Optional.of(words[i + 1]);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void replace(Route route) {
    run("route", "replace", route.destination(), "via", route.gateway(), "proto", PROTOCOL);
  }

  @Override
  public void delete(Route route) {
    if (list().stream().anyMatch(r -> r.destination().equals(route.destination()))) {
      run("route", "del", route.destination(), "proto", PROTOCOL);
    }
  }

  private String run(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    if (!namespace.isEmpty()) {
      command.addAll(List.of("-n", namespace));
    }
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RouteException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + "s");
      }
      if (p.exitValue() != 0) {
        throw new RouteException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new RouteException("Could not run ip: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RouteException(String.join(" ", command) + " was interrupted", e);
    }
  }
}
