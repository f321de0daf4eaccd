package io.kava.apiserver.validation;

import io.kava.client.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Upstream's name rules; each answers the reasons a name is invalid, empty when it is fine. */
public final class NameRules {
  private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1035_LABEL_RE = Pattern.compile("^" + DNS1035_LABEL_FMT + "$");
  private static final Pattern IANA_SVC_NAME_CHARS = Pattern.compile("^[-a-z0-9]+$");
  private static final Pattern IANA_SVC_NAME_LETTER = Pattern.compile(".*[a-z].*");
  private static final Pattern ENV_VAR_NAME = Pattern.compile("^[-._a-zA-Z][-._a-zA-Z0-9]*$");
  private static final Pattern CONFIG_MAP_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
  private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");

  private NameRules() {}

  /** Which rule an object's name follows. */
  public interface NameRule {
    List<String> check(String name);
  }

  public static final NameRule DNS1123_SUBDOMAIN = NameRules::subdomain;
  public static final NameRule DNS1123_LABEL = NameRules::label;
  public static final NameRule DNS1035_LABEL = NameRules::dns1035Label;
  public static final NameRule PATH_SEGMENT = NameRules::pathSegment;

  public static List<String> subdomain(String name) {
    return LabelValidation.isDns1123Subdomain(name);
  }

  public static List<String> label(String name) {
    return LabelValidation.isDns1123Label(name);
  }

  public static List<String> dns1035Label(String name) {
    List<String> errs = new ArrayList<>();
    if (name.length() > 63) {
      errs.add(LabelValidation.maxLenError(63));
    }
    if (!DNS1035_LABEL_RE.matcher(name).matches()) {
      errs.add("a DNS-1035 label " + LabelValidation.regexError(
          "must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
          DNS1035_LABEL_FMT, "my-name", "abc-123"));
    }
    return errs;
  }

  /** Names that only have to be usable as one path segment (events). */
  public static List<String> pathSegment(String name) {
    List<String> errs = new ArrayList<>();
    if (name.equals(".") || name.equals("..")) {
      errs.add("may not be '" + name + "'");
    }
    if (name.contains("/")) {
      errs.add("may not contain '/'");
    }
    if (name.contains("%")) {
      errs.add("may not contain '%'");
    }
    return errs;
  }

  /** A port name: an IANA service name (at most 15 characters, a letter, no "--"). */
  public static List<String> ianaServiceName(String name) {
    List<String> errs = new ArrayList<>();
    if (name.length() > 15) {
      errs.add(LabelValidation.maxLenError(15));
    }
    if (!IANA_SVC_NAME_CHARS.matcher(name).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (name.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!IANA_SVC_NAME_LETTER.matcher(name).matches()) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (name.startsWith("-") || name.endsWith("-")) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  public static List<String> envVarName(String name) {
    List<String> errs = new ArrayList<>();
    if (!ENV_VAR_NAME.matcher(name).matches()) {
      errs.add(LabelValidation.regexError(
          "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
          "[-._a-zA-Z][-._a-zA-Z0-9]*", "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
    }
    return errs;
  }

  public static List<String> configMapKey(String key) {
    List<String> errs = new ArrayList<>();
    if (key.length() > 253) {
      errs.add(LabelValidation.maxLenError(253));
    }
    if (!CONFIG_MAP_KEY.matcher(key).matches()) {
      errs.add(LabelValidation.regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
          "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
    }
    if (key.equals(".")) {
      errs.add("must not be '.'");
    } else if (key.equals("..")) {
      errs.add("must not be '..'");
    } else if (key.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  public static List<String> portNumber(long port) {
    return port >= 1 && port <= 65535 ? List.of() : List.of("must be between 1 and 65535, inclusive");
  }

  public static boolean isIp(String s) {
    if (IPV4.matcher(s).matches()) {
      return true;
    }
    if (s.contains(":") && s.matches("^[0-9a-fA-F:.]+$")) {
      try {
        java.net.InetAddress.getByName(s);
        return true;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
