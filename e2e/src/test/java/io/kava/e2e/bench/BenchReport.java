package io.kava.e2e.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark's figures, each beside the baseline measured in the same run: printed as a table and written
 * as docs/benchmarks/NAME.md (and NAME.svg, a CDF, when latencies were added). bench.sh runs the benchmark;
 * the file says which command, when, and how loaded the machine was, so a figure can be read honestly.
 */
public final class BenchReport {
  private final String name;
  private final String title;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Samples> cdf = new LinkedHashMap<>();
  private String cdfUnit = "ms";

  /** NAME is bench.sh's command (e.g. "api-create"); TITLE says what was measured, with its sizes. */
  public BenchReport(String name, String title) {
    this.name = name;
    this.title = title;
  }

  /** A figure beside its baseline; the ratio is kava / baseline. GOAL is text such as ">= 0.8 of etcd". */
  public BenchReport figure(String figure, double kava, double baseline, String unit, String goal) {
    rows.add(new String[] {figure, number(kava) + " " + unit, number(baseline) + " " + unit,
        baseline == 0 || Double.isNaN(baseline) ? "" : number(kava / baseline), goal});
    return this;
  }

  /** A figure whose baseline is a fixed reference (upstream's anchor or SLO), not measured here. */
  public BenchReport figure(String figure, double kava, String unit, String reference, String goal) {
    rows.add(new String[] {figure, number(kava) + " " + unit, reference, "", goal});
    return this;
  }

  /** p50 and p99 rows of two latency series, both drawn in the CDF. */
  public BenchReport latencies(String figure, String kavaLabel, Samples kava, String baselineLabel, Samples baseline,
      String unit, String goal) {
    figure(figure + " p50", kava.p50(), baseline.p50(), unit, "");
    figure(figure + " p99", kava.p99(), baseline.p99(), unit, goal);
    cdf.put(kavaLabel, kava);
    cdf.put(baselineLabel, baseline);
    cdfUnit = unit;
    return this;
  }

  public BenchReport note(String note) {
    notes.add(note);
    return this;
  }

  public String table() {
    StringBuilder out = new StringBuilder("| figure | Kava | baseline | ratio | goal |\n|---|---|---|---|---|\n");
    for (String[] row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  /** Prints the table and writes docs/benchmarks/NAME.md (and .svg); ARGS are the benchmark's arguments. */
  public void write(String... args) throws IOException {
    String command = ("deploy/bench.sh " + name + " " + String.join(" ", args)).trim();
    StringBuilder md = new StringBuilder("# " + title + "\n\n");
    md.append("`").append(command).append("`, ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(", ").append(machine()).append("\n\n").append(table());
    for (String note : notes) {
      md.append("\n").append(note).append("\n");
    }
    Path dir = repositoryRoot().resolve("docs/benchmarks");
    Files.createDirectories(dir);
    if (!cdf.isEmpty()) {
      CdfPlot.write(dir.resolve(name + ".svg"), title, cdfUnit, cdf);
      md.append("\n![").append(title).append("](").append(name).append(".svg)\n");
    }
    Files.writeString(dir.resolve(name + ".md"), md.toString());
    System.out.println(title);
    System.out.print(table());
    notes.forEach(System.out::println);
    System.out.println("written to docs/benchmarks/" + name + ".md");
  }

  private static String machine() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return String.format(Locale.ROOT, "%d cores, load average %.1f at the end", os.getAvailableProcessors(),
        os.getSystemLoadAverage());
  }

  /** The directory holding deploy/bench.sh, found upwards from where the benchmark runs (bench.sh: e2e/). */
  static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("deploy/bench.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("No deploy/bench.sh above " + Path.of("").toAbsolutePath());
  }

  static String number(double d) {
    if (Double.isNaN(d)) {
      return "n/a";
    }
    if (Math.abs(d) >= 100 || d == Math.rint(d)) {
      return String.format(Locale.ROOT, "%.0f", d);
    }
    return String.format(Locale.ROOT, Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
  }
}
