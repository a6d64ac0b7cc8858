package io.github.kubectlindexed.cli.options;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Go's {@code time.ParseDuration} syntax, as kubectl's flags take it: {@code 300s}, {@code 5m}, {@code 1h30m},
 * {@code 1.5h}, {@code 250ms}, {@code -1s}, and a bare {@code 0}.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  /** Go's durations are int64 nanoseconds: {@code [-2^63, 2^63-1]}. */
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);

  private GoDuration() {}

  /** @throws IllegalArgumentException with Go's wording when the text is not a duration */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("invalid duration \"\"");
    }
    String s = text;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
    Matcher m = PART.matcher(s);
    int pos = 0;
    BigInteger nanos = BigInteger.ZERO;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        String rest = s.substring(pos);
        if (rest.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
          throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
        }
        throw new IllegalArgumentException("invalid duration \"" + text + "\"");
      }
      // as Go does: each part is truncated to whole nanoseconds before the parts are added
      nanos = nanos.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
          .multiply(BigDecimal.valueOf(unitNanos(m.group(2)))).setScale(0, RoundingMode.DOWN).toBigInteger());
      pos = m.end();
      if (nanos.compareTo(MAX_NANOS) > 0 && !(negative && nanos.negate().compareTo(MIN_NANOS) >= 0)) {
        throw new IllegalArgumentException("invalid duration \"" + text + "\"");
      }
    }
    return Duration.ofNanos((negative ? nanos.negate() : nanos).longValueExact());
  }

  /** As {@link #parse}, with Go's error text ({@code time: ...}) in picocli's exception for a flag value. */
  static Duration parseFlag(String text) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("time: " + e.getMessage());
    }
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException(unit);
    };
  }

  /** Prints a duration the way Go does for whole units: {@code 5m0s}, {@code 300ms}, {@code 1h2m3s}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return sb.append(d.toMillis()).append("ms").toString();
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    double s = d.toSecondsPart() + d.toMillisPart() / 1000.0;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    String secs = (s == Math.rint(s)) ? Long.toString((long) s) : String.format(java.util.Locale.ROOT, "%.3f", s)
        .replaceAll("0+$", "");
    return sb.append(secs).append('s').toString();
  }

  /**
   * picocli converter for flags that take a Go duration. A refusal is picocli's {@link TypeConversionException}
   * with Go's words, so the user reads {@code Invalid value for option '--timeout': time: missing unit in duration
   * "300"}, never a Java class name.
   */
  public static final class Converter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseFlag(value);
    }
  }

  /** kubectl's --request-timeout also takes a bare integer, meaning seconds. */
  public static final class RequestTimeoutConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        BigInteger nanos = new BigInteger(value).multiply(BigInteger.valueOf(1_000_000_000L));
        if (nanos.compareTo(MAX_NANOS) > 0) {
          throw new TypeConversionException("time: invalid duration \"" + value + "\"");
        }
        return Duration.ofNanos(nanos.longValueExact());
      }
      return parseFlag(value);
    }
  }
}
