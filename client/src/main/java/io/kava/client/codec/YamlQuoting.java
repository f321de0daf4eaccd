package io.kava.client.codec;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/**
 * Quotes every string a YAML reader would take for something else. Jackson's default already quotes
 * booleans, null and special characters; this adds anything that starts like a number ("8080", "1.5",
 * "0x1F", ".inf", "2024-01-01T00:00:00Z"), so "8080" read back is still the string "8080".
 */
final class YamlQuoting extends StringQuotingChecker.Default {
  private static final long serialVersionUID = 1L;
  private static final Pattern NUMBER_LIKE = Pattern.compile("^[-+]?(\\.?[0-9]|\\.(inf|nan)$)", Pattern.CASE_INSENSITIVE);

  @Override
  public boolean needToQuoteValue(String value) {
    return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).find();
  }
}
