package io.kava.proxy.iptables;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the iptables binaries. Every call passes -w, so it waits for the xtables lock instead of failing
 * when another writer (Docker, another cluster's kube-proxy) holds it.
 */
public final class CommandIptables implements Iptables {
  private static final long TIMEOUT_SECONDS = 60;

  @Override
  public boolean exists(Table table, String chain, List<String> rule) {
    return ruleWasThere("-C", table, chain, rule);
  }

  @Override
  public void insert(Table table, String chain, List<String> rule) {
    List<String> args = new ArrayList<>(List.of("iptables", "-w", "-t", table.tableName(), "-I", chain, "1"));
    args.addAll(rule);
    Result r = run(args, null);
    if (r.exitCode != 0) {
      throw r.failure();
    }
  }

  @Override
  public boolean delete(Table table, String chain, List<String> rule) {
    return ruleWasThere("-D", table, chain, rule);
  }

  /** Runs a check (-C) or delete (-D) of one rule: true when the rule was there, false when it was not. */
  private boolean ruleWasThere(String operation, Table table, String chain, List<String> rule) {
    Result r = run(command("iptables", "-w", "-t", table.tableName(), operation, chain, rule), null);
    if (r.exitCode == 0) {
      return true;
    }
    if (r.notFound()) {
      return false;
    }
    throw r.failure();
  }

  @Override
  public String save(Table table) {
    Result r = run(List.of("iptables-save", "-t", table.tableName()), null);
    if (r.exitCode != 0) {
      throw r.failure();
    }
    return r.stdout;
  }

  @Override
  public void restore(String rules) {
    Result r = run(List.of("iptables-restore", "-w", "--noflush"), rules);
    if (r.exitCode != 0) {
      throw r.failure();
    }
  }

  private static List<String> command(String binary, String w, String t, String table, String op, String chain,
      List<String> rule) {
    List<String> args = new ArrayList<>(List.of(binary, w, t, table, op, chain));
    args.addAll(rule);
    return args;
  }

  private record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** As upstream's IsNotFoundError: no such rule (1), or the rule names a chain that does not exist (2). */
    boolean notFound() {
      return exitCode == 1
          || exitCode == 2 && (stderr.contains("does not exist") || stderr.contains("No chain/target/match by that name"));
    }

    IptablesException failure() {
      return new IptablesException(String.join(" ", command) + " exited with " + exitCode + ": " + stderr.strip());
    }
  }

  private static Result run(List<String> command, String stdin) {
    try {
      Process p = new ProcessBuilder(command).start();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IptablesException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + "s");
      }
      return new Result(command, p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new IptablesException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IptablesException(String.join(" ", command) + " was interrupted", e);
    }
  }

  /** Reads a stream to its end on its own thread (the common pool may have a single thread here). */
  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try (stream) {
        result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        result.complete("");
      }
    }, "iptables-output");
    t.setDaemon(true);
    t.start();
    return result;
  }
}
