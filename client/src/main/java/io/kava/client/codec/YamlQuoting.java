package io.kava.client.codec;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Quotes every string a YAML reader would take for something else, as Go's YAML writer behind kubectl
 * does (gopkg.in/yaml.v2: a plain scalar that resolves to an int, float, timestamp or base-60 number is
 * quoted). Jackson's default already quotes booleans, null and special characters; this adds "8080",
 * "1.5", "0x1F", "1e3", ".inf", "2024-01-01T00:00:00Z" and "1:30", so each reads back as the string it
 * was. Anything else stays plain, as kubectl prints it: "25%", "1.14.2", "10.96.0.10", "80:8080".
 */
final class YamlQuoting extends StringQuotingChecker.Default {
  private static final long serialVersionUID = 1L;
  private static final List<Pattern> NON_STRINGS = List.of(
      Pattern.compile("[-+]?[0-9]+"),                                            // decimal (and octal-looking) ints
      Pattern.compile("[-+]?0b[01]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+"),       // ints with a base prefix
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?"), // floats
      Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"),
      Pattern.compile("[-+]?[0-9][0-9]*(:[0-5]?[0-9])+(\\.[0-9]*)?"),           // base 60
      Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"                           // timestamps
          + "(([Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]*)?([ \\t]*(Z|[-+][0-9]{1,2}(:?[0-9]{2})?))?)?"));

  /**
   * Keys by the same rule as values: Jackson's own check quotes any key that starts like a number
   * ('.', '-', '+', a digit), so `.dockerconfigjson` came out quoted where kubectl leaves it plain.
   */
  @Override
  public boolean needToQuoteName(String name) {
    return isReservedKeyword(name) || needToQuoteValue(name);
  }

  @Override
  public boolean needToQuoteValue(String value) {
    if (super.needToQuoteValue(value)) {
      return true;
    }
    String plain = value.replace("_", "");
    return !plain.isEmpty() && NON_STRINGS.stream().anyMatch(p -> p.matcher(plain).matches());
  }
}
