package io.kava.kubelet.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three parts of a resolv.conf the kubelet cares about, parsed and written as upstream's kubelet
 * does (pkg/kubelet/network/dns: parseResolvConf; dockershim's rewriteResolvFile).
 *
 * @param options "ndots:5", "edns0", ...: one entry per option name
 */
public record ResolvConf(List<String> nameservers, List<String> searches, List<String> options) {
  /** Upstream reads at most this much of a resolv.conf. */
  static final int MAX_LENGTH = 10 * 1024 * 1024;

  public static final ResolvConf EMPTY = new ResolvConf(List.of(), List.of(), List.of());

  public ResolvConf {
    nameservers = List.copyOf(nameservers);
    searches = List.copyOf(searches);
    options = List.copyOf(options);
  }

  /**
   * Upstream's parseResolvConf: nameserver lines accumulate; the last search line wins (".", and a
   * trailing dot, dropped); options accumulate, a later option of the same name replacing the earlier.
   */
  public static ResolvConf parse(String text) {
    List<String> nameservers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.startsWith(";")) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      if (fields.length == 0 || fields[0].isEmpty()) {
        continue;
      }
      switch (fields[0]) {
        case "nameserver" -> {
          if (fields.length >= 2) {
            nameservers.add(fields[1]);
          }
        }
        case "search" -> {
          searches = new ArrayList<>();
          for (int i = 1; i < fields.length; i++) {
            if (!fields[i].equals(".")) {
              searches.add(fields[i].endsWith(".") ? fields[i].substring(0, fields[i].length() - 1) : fields[i]);
            }
          }
        }
        case "options" -> {
          for (int i = 1; i < fields.length; i++) {
            options = withOption(options, fields[i]);
          }
        }
        default -> { }
      }
    }
    return new ResolvConf(nameservers, searches, options);
  }

  /** The option list with this option added, replacing one of the same name in place. */
  static List<String> withOption(List<String> options, String option) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String o : options) {
      byName.put(optionName(o), o);
    }
    byName.put(optionName(option), option);
    return new ArrayList<>(byName.values());
  }

  static String optionName(String option) {
    int colon = option.indexOf(':');
    return colon < 0 ? option : option.substring(0, colon);
  }

  /** As dockershim wrote it: nameserver lines, then one search line, then one options line. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (String ns : nameservers) {
      out.append("nameserver ").append(ns).append('\n');
    }
    if (!searches.isEmpty()) {
      out.append("search ").append(String.join(" ", searches)).append('\n');
    }
    if (!options.isEmpty()) {
      out.append("options ").append(String.join(" ", options)).append('\n');
    }
    return out.toString();
  }
}
