package io.kava.client.flags;

import picocli.CommandLine.Option;

/**
 * Upstream's {@code --profiling} flag of kube-apiserver, kube-controller-manager and kube-scheduler
 * ({@code @Mixin ProfilingOptions profiling}). Upstream serves Go's pprof handlers on the component's
 * HTTP port when it is true (its default). Kava's components serve no profiling handlers at all, so
 * every value serves none; the flag is taken so that upstream's command lines, and the CIS checks that
 * read them (1.2.15, 1.3.2, 1.4.1: {@code --profiling=false}), work unchanged. The JVM's own profiling
 * (JFR through {@code jcmd}) is reachable only by the process's OS user.
 */
public final class ProfilingOptions {
  @Option(names = "--profiling", defaultValue = "true", arity = "1",
      description = "Upstream's switch for profiling handlers; Kava serves none, so both values serve none (docs/cis.md)")
  public boolean profiling;
}
