package io.kava.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A latency CDF as a small SVG (no plotting library: a few lines of SVG are enough): one step line per
 * series, x the value on a linear axis from 0 to the largest value, y the fraction of samples at or below it.
 */
public final class CdfPlot {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
  private static final int WIDTH = 640;
  private static final int HEIGHT = 400;
  private static final int MARGIN = 50;

  private CdfPlot() {}

  public static String svg(String title, String unit, Map<String, Samples> series) {
    double maxX = series.values().stream().mapToDouble(Samples::max).filter(d -> !Double.isNaN(d)).max().orElse(1);
    maxX = maxX <= 0 ? 1 : maxX;
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
    out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    out.append(text(WIDTH / 2.0, 20, "middle", escape(title)));
    axes(out, maxX, unit);
    int i = 0;
    for (Map.Entry<String, Samples> e : series.entrySet()) {
      String colour = COLOURS[i % COLOURS.length];
      out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
          colour, points(e.getValue().sorted(), maxX)));
      double y = MARGIN + 10 + 16 * i;
      out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%s\"/>%n",
          MARGIN + 10, y - 4, colour));
      out.append(text(MARGIN + 28, y, "start", escape(e.getKey())));
      i++;
    }
    return out.append("</svg>\n").toString();
  }

  public static void write(Path file, String title, String unit, Map<String, Samples> series) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, svg(title, unit, series));
  }

  private static void axes(StringBuilder out, double maxX, String unit) {
    int x0 = MARGIN;
    int y0 = HEIGHT - MARGIN;
    out.append(String.format(Locale.ROOT, "<path d=\"M%d %d H%d M%d %d V%d\" stroke=\"black\"/>%n",
        x0, y0, WIDTH - MARGIN, x0, y0, MARGIN));
    for (int tick = 0; tick <= 4; tick++) {
      double fraction = tick / 4.0;
      out.append(text(x(fraction * maxX, maxX), y0 + 16, "middle", format(fraction * maxX)));
      out.append(text(x0 - 6, y(fraction) + 4, "end", format(fraction)));
    }
    out.append(text(WIDTH / 2.0, HEIGHT - 12, "middle", escape(unit)));
    out.append(text(14, HEIGHT / 2.0, "middle", "fraction"));
  }

  private static String points(List<Double> sorted, double maxX) {
    StringBuilder p = new StringBuilder(String.format(Locale.ROOT, "%.1f,%.1f", x(0, maxX), y(0)));
    int n = sorted.size();
    // About 1000 steps at most (the last sample always): 100 000 samples would make megabytes that look the same.
    int stride = Math.max(1, n / 1000);
    double below = y(0);
    for (int k = Math.min(stride, n) - 1; k < n; k = k == n - 1 ? n : Math.min(k + stride, n - 1)) {
      double x = x(sorted.get(k), maxX);
      double above = y((k + 1) / (double) n);
      p.append(String.format(Locale.ROOT, " %.1f,%.1f %.1f,%.1f", x, below, x, above));
      below = above;
    }
    return p.toString();
  }

  private static double x(double value, double maxX) {
    return MARGIN + value / maxX * (WIDTH - 2 * MARGIN);
  }

  private static double y(double fraction) {
    return HEIGHT - MARGIN - fraction * (HEIGHT - 2 * MARGIN);
  }

  private static String text(double x, double y, String anchor, String s) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, s);
  }

  private static String format(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
