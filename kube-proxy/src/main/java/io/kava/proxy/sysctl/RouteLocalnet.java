package io.kava.proxy.sysctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * net.ipv4.conf.all.route_localnet, which NodePorts on 127.0.0.0/8 need: without it the kernel drops a
 * packet from 127.x that DNAT sent to a pod. Upstream kube-proxy sets it too. The value found before
 * the first Kava cluster set it is recorded in one file per machine (it lives in /run, which a reboot
 * clears along with the sysctl), and the last cluster to clean up puts it back.
 */
public final class RouteLocalnet {
  private static final Logger log = LoggerFactory.getLogger(RouteLocalnet.class);
  public static final String NAME = "net/ipv4/conf/all/route_localnet";

  private final Sysctl sysctl;
  private final Path record;

  public RouteLocalnet(Sysctl sysctl, Path runDir) {
    this.sysctl = sysctl;
    this.record = runDir.resolve("route_localnet.orig");
  }

  public void ensure() {
    int current = sysctl.get(NAME);
    if (current == 1) {
      return;
    }
    try {
      Files.createDirectories(record.getParent());
      if (!Files.exists(record)) {
        Files.writeString(record, current + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not record the old route_localnet in " + record, e);
    }
    sysctl.set(NAME, 1);
    log.info("Set net.ipv4.conf.all.route_localnet=1 (was {}) so NodePorts answer on 127.0.0.0/8; recorded in {}",
        current, record);
  }

  /** Puts the recorded value back, unless another cluster's rules still need it. */
  public void restore(boolean otherClustersRemain) {
    if (!Files.exists(record)) {
      return;
    }
    if (otherClustersRemain) {
      log.info("Left net.ipv4.conf.all.route_localnet=1: another Kava cluster on this host still uses it");
      return;
    }
    try {
      int old = Integer.parseInt(Files.readString(record).trim());
      sysctl.set(NAME, old);
      Files.delete(record);
      log.info("Restored net.ipv4.conf.all.route_localnet={}", old);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not restore route_localnet from " + record, e);
    }
  }
}
