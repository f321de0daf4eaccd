package io.kava.e2e;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster CIDR of its own for one CNI e2e cluster: one of the 8 /20s of 10.244.128.0/17 (clear of up.sh's
 * podCIDRs, which start at 10.244.0.0), held by a file lock under /tmp for the cluster's life, so two
 * clusters at once (in one JVM or two) never share one, and never one a route of a kbr-* bridge still
 * uses (a cluster that did not clean up). The lock goes with the JVM if it dies.
 */
final class ClusterCidrLease implements AutoCloseable {
  static final int BLOCKS = 8;
  private final int block;
  private final FileChannel channel;
  private final FileLock lock;

  private ClusterCidrLease(int block, FileChannel channel, FileLock lock) {
    this.block = block;
    this.channel = channel;
    this.lock = lock;
  }

  /** The /20 of a block: 10.244.128.0/20, 10.244.144.0/20, ... */
  static String cidr(int block) {
    return "10.244." + (128 + 16 * block) + ".0/20";
  }

  String cidr() {
    return cidr(block);
  }

  /** A free block in random order, or an IllegalStateException naming the locks when all 8 are taken. */
  static ClusterCidrLease acquire() throws IOException {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < BLOCKS; i++) {
      order.add(i);
    }
    Collections.shuffle(order);
    List<String> routes = podRoutes();
    for (int block : order) {
      if (routes.stream().anyMatch(r -> inBlock(r, block))) {
        continue;
      }
      FileChannel channel = FileChannel.open(lockFile(block), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = null;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // this JVM's own cluster holds it
      }
      if (lock != null) {
        return new ClusterCidrLease(block, channel, lock);
      }
      channel.close();
    }
    throw new IllegalStateException("All " + BLOCKS + " e2e cluster CIDRs of 10.244.128.0/17 are in use (locks "
        + lockFile(0).getParent().resolve("kava-e2e-cluster-cidr-*.lock") + ", routes " + routes + ")");
  }

  /** True when a route's destination (its first word, an address or CIDR) lies in a block. */
  static boolean inBlock(String route, int block) {
    String[] octets = route.split("\\s+")[0].split("/")[0].split("\\.");
    if (octets.length != 4 || !octets[0].equals("10") || !octets[1].equals("244")) {
      return false;
    }
    int third = Integer.parseInt(octets[2]);
    return third >= 128 + 16 * block && third < 128 + 16 * (block + 1);
  }

  private static Path lockFile(int block) {
    return Path.of("/tmp", "kava-e2e-cluster-cidr-" + block + ".lock");
  }

  /** The routes of the host's kbr-* pod bridges ("10.244.130.0/24 dev kbr-... ..."). */
  private static List<String> podRoutes() throws IOException {
    Process p = new ProcessBuilder("ip", "-4", "-o", "route", "show").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.lines().filter(l -> l.contains(" dev kbr-")).toList();
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the channel or the JVM anyway
    }
  }
}
