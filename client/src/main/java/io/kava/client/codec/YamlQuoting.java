package io.kava.client.codec;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/**
 * Quotes every string a YAML reader would take for something else. Jackson's default already quotes
 * booleans, null and special characters; this adds anything that starts like a number ("8080", "1.5",
 * "0x1F", ".inf", "2024-01-01T00:00:00Z"), so "8080" read back is still the string "8080". A value with
 * a character no number or timestamp can hold ("25%") stays plain, as kubectl prints it.
 */
final class YamlQuoting extends StringQuotingChecker.Default {
  private static final long serialVersionUID = 1L;
  private static final Pattern NUMBER_LIKE = Pattern.compile("^[-+]?(\\.?[0-9]|\\.(inf|nan)$)", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER_OR_TIMESTAMP_CHARS = Pattern.compile("^[0-9A-Za-z._:+\\- ]*$");

  @Override
  public boolean needToQuoteValue(String value) {
    return super.needToQuoteValue(value)
        || (NUMBER_LIKE.matcher(value).find() && NUMBER_OR_TIMESTAMP_CHARS.matcher(value).matches());
  }
}
