package io.kava.client.quantity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * A resource quantity ("500m", "1.5", "128Mi", "2k", "1e3") parsed exactly as Kubernetes'
 * resource.Quantity: a BigDecimal value rounded up to nano precision, plus the format it was written in
 * (decimal SI, binary SI or decimal exponent), which decides how {@link #toString()} prints it.
 */
public final class Quantity implements Comparable<Quantity> {
  /** The format a quantity was written in, and is printed back in. */
  public enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

  static final String FORMAT_MESSAGE =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  static final String NUMERIC_MESSAGE = "unable to parse numeric part of quantity";
  static final String SUFFIX_MESSAGE = "unable to parse quantity's suffix";

  public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI, "0");

  private static final int NANO_SCALE = 9;
  private static final BigDecimal MAX_BINARY = new BigDecimal(Long.MAX_VALUE);
  private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.of(
      "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final Map<String, Integer> BINARY_SUFFIXES = Map.of(
      "Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
  private static final String[] BINARY_NAMES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private final BigDecimal value;
  private final Format format;
  /** The text as written, kept when it already is canonical (as upstream does). */
  private final String canonical;

  private Quantity(BigDecimal value, Format format, String canonical) {
    this.value = value;
    this.format = format;
    this.canonical = canonical;
  }

  /** Parses a quantity; throws IllegalArgumentException naming the reason when it is malformed. */
  public static Quantity parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(FORMAT_MESSAGE);
    }
    if (text.equals("0")) {
      return ZERO;
    }
    Scan scan = Scan.of(text);
    Suffix suffix = Suffix.interpret(scan.suffix);
    BigDecimal amount;
    try {
      amount = new BigDecimal(scan.number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(NUMERIC_MESSAGE);
    }
    if (suffix.base == 10) {
      amount = amount.scaleByPowerOfTen(suffix.exponent);
    } else {
      amount = amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(suffix.exponent)));
    }
    Format format = suffix.format;
    boolean negative = amount.signum() < 0;
    amount = amount.abs();
    // Round non-zero values up to the smallest representable amount: asking for some gets some.
    if (amount.scale() > NANO_SCALE) {
      amount = amount.setScale(NANO_SCALE, RoundingMode.UP);
    }
    if (format == Format.BINARY_SI && amount.compareTo(MAX_BINARY) > 0) {
      amount = MAX_BINARY;
    }
    if (format == Format.BINARY_SI && amount.compareTo(BigDecimal.ONE) < 0 && amount.signum() > 0) {
      format = Format.DECIMAL_SI;
    }
    if (negative) {
      amount = amount.negate();
    }
    return new Quantity(amount, format, null);
  }

  /** Like {@link #parse} but answers null instead of throwing. */
  public static Quantity parseOrNull(String text) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The reason the text is not a quantity, or null when it is one. */
  public static String validate(String text) {
    try {
      parse(text);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  public static Quantity ofMillis(long millis) {
    return new Quantity(BigDecimal.valueOf(millis, 3), Format.DECIMAL_SI, null);
  }

  public static Quantity ofBytes(long bytes) {
    return new Quantity(BigDecimal.valueOf(bytes), Format.BINARY_SI, null);
  }

  public static Quantity of(BigDecimal value, Format format) {
    return new Quantity(value.scale() > NANO_SCALE ? value.setScale(NANO_SCALE, RoundingMode.UP) : value, format, null);
  }

  public BigDecimal decimalValue() {
    return value;
  }

  public Format format() {
    return format;
  }

  public int signum() {
    return value.signum();
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  /** The value in thousandths, rounded up (CPU: millicores). */
  public long milliValue() {
    return scaled(value.movePointRight(3));
  }

  /** The whole value, rounded up (memory: bytes). */
  public long value() {
    return scaled(value);
  }

  /** Bytes, for memory and storage quantities: {@link #value()} under the name callers look for. */
  public long bytesValue() {
    return value();
  }

  public Quantity add(Quantity other) {
    return new Quantity(value.add(other.value), format, null);
  }

  public Quantity subtract(Quantity other) {
    return new Quantity(value.subtract(other.value), format, null);
  }

  private static long scaled(BigDecimal v) {
    BigDecimal rounded = v.setScale(0, RoundingMode.CEILING);
    if (rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Long.MAX_VALUE;
    }
    if (rounded.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
      return Long.MIN_VALUE;
    }
    return rounded.longValueExact();
  }

  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  /** Equal when the amounts are equal, whatever the format ("1000m" equals "1"), as upstream's Cmp. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && value.compareTo(q.value) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(value.stripTrailingZeros());
  }

  /** The canonical form, as upstream prints it: "1500m" for 1.5, "1536Mi", "1e3", "2k". */
  @Override
  public String toString() {
    if (canonical != null) {
      return canonical;
    }
    if (value.signum() == 0) {
      return "0";
    }
    Format f = format;
    BigDecimal whole = null;
    if (f == Format.BINARY_SI) {
      if (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0) {
        f = Format.DECIMAL_SI;
      } else if (value.stripTrailingZeros().scale() > 0) {
        f = Format.DECIMAL_SI; // not a whole number of bytes: print without losing precision
      } else {
        whole = value.setScale(0, RoundingMode.UNNECESSARY);
      }
    }
    if (f == Format.BINARY_SI) {
      BigInteger n = whole.toBigIntegerExact();
      int exponent = 0;
      BigInteger k = BigInteger.valueOf(1024);
      while (exponent < BINARY_NAMES.length - 1 && n.signum() != 0 && n.mod(k).signum() == 0) {
        n = n.divide(k);
        exponent++;
      }
      return n + BINARY_NAMES[exponent];
    }
    // Decimal: an integer mantissa and an exponent that is a multiple of 3.
    BigDecimal stripped = value.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    int mod = Math.floorMod(exponent, 3);
    if (mod != 0) {
      mantissa = mantissa.multiply(BigInteger.TEN.pow(mod));
      exponent -= mod;
    }
    return mantissa + decimalSuffix(exponent, f);
  }

  private static String decimalSuffix(int exponent, Format f) {
    if (exponent == 0) {
      return "";
    }
    if (f == Format.DECIMAL_SI) {
      for (Map.Entry<String, Integer> e : DECIMAL_SUFFIXES.entrySet()) {
        if (e.getValue() == exponent) {
          return e.getKey();
        }
      }
    }
    return "e" + exponent;
  }

  /** The number and suffix parts of the text, split as upstream's scanner does. */
  private record Scan(String number, String suffix) {
    static Scan of(String s) {
      int pos = 0;
      int end = s.length();
      if (s.charAt(0) == '+' || s.charAt(0) == '-') {
        pos++;
      }
      int digitsStart = pos;
      while (pos < end && isDigit(s.charAt(pos))) {
        pos++;
      }
      int intDigits = pos - digitsStart;
      int fracDigits = 0;
      if (pos < end && s.charAt(pos) == '.') {
        pos++;
        int fracStart = pos;
        while (pos < end && isDigit(s.charAt(pos))) {
          pos++;
        }
        fracDigits = pos - fracStart;
      }
      if (intDigits + fracDigits == 0) {
        throw new IllegalArgumentException(FORMAT_MESSAGE);
      }
      String number = s.substring(0, pos);
      int suffixStart = pos;
      while (pos < end && "eEinumkKMGTP".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      if (pos < end && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
        pos++;
      }
      while (pos < end && isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos < end) {
        throw new IllegalArgumentException(FORMAT_MESSAGE);
      }
      if (number.endsWith(".")) {
        number = number + "0";
      }
      if (number.startsWith(".") || number.startsWith("+.") || number.startsWith("-.")) {
        number = number.replace(".", "0.");
      }
      return new Scan(number, s.substring(suffixStart));
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }

  private record Suffix(int base, int exponent, Format format) {
    static Suffix interpret(String s) {
      Integer decimal = DECIMAL_SUFFIXES.get(s);
      if (decimal != null) {
        return new Suffix(10, decimal, Format.DECIMAL_SI);
      }
      Integer binary = BINARY_SUFFIXES.get(s);
      if (binary != null) {
        return new Suffix(2, binary, Format.BINARY_SI);
      }
      if (s.length() > 1 && (s.charAt(0) == 'e' || s.charAt(0) == 'E')) {
        try {
          return new Suffix(10, Integer.parseInt(s.substring(1)), Format.DECIMAL_EXPONENT);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(SUFFIX_MESSAGE);
        }
      }
      throw new IllegalArgumentException(SUFFIX_MESSAGE);
    }
  }
}
