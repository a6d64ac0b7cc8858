package io.github.kubectlindexed.cli.options;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Go's {@code time.ParseDuration} syntax, as kubectl's --timeout, --since and --request-timeout take it. */
class GoDurationTest {

  /** text | the duration in nanoseconds, as Go's time.ParseDuration gives it. */
  @ParameterizedTest(name = "[{index}] \"{0}\" = {1} ns")
  @CsvSource(delimiter = '|', textBlock = """
      0                      | 0
      -0                     | 0
      +0                     | 0
      0s                     | 0
      00s                    | 0
      0h0m0s                 | 0
      300s                   | 300000000000
      5m                     | 300000000000
      5m0s                   | 300000000000
      1h                     | 3600000000000
      1h30m                  | 5400000000000
      1.5h                   | 5400000000000
      90m                    | 5400000000000
      2h45m30.5s             | 9930500000000
      1h0.5m                 | 3630000000000
      500ms                  | 500000000
      .5s                    | 500000000
      0.5s                   | 500000000
      5.s                    | 5000000000
      1.25s                  | 1250000000
      0.001s                 | 1000000
      0.5ms                  | 500000
      1us                    | 1000
      1µs                    | 1000
      1μs                    | 1000
      1ns                    | 1
      1.5ns                  | 1
      0.000000001s           | 1
      1s1s                   | 2000000000
      1m1h                   | 3660000000000
      -1s                    | -1000000000
      -1.5h                  | -5400000000000
      -500ms                 | -500000000
      +5m                    | 300000000000
      168h                   | 604800000000000
      2562047h               | 9223369200000000000
      9223372036854775807ns  | 9223372036854775807
      2562047h47m16.854775807s | 9223372036854775807
      0.5ns0.5ns             | 0
      """)
  void parsesGoSyntax(String text, long nanos) {
    assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
  }

  /** text | the one-line message. */
  @ParameterizedTest(name = "[{index}] \"{0}\": {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      ''       | invalid duration ""
      5        | missing unit in duration "5"
      00       | missing unit in duration "00"
      1.5      | missing unit in duration "1.5"
      -5       | missing unit in duration "-5"
      1h5      | missing unit in duration "1h5"
      1h30m10  | missing unit in duration "1h30m10"
      5x       | invalid duration "5x"
      5S       | invalid duration "5S"
      5M       | invalid duration "5M"
      1d       | invalid duration "1d"
      1e3s     | invalid duration "1e3s"
      1,5s     | invalid duration "1,5s"
      five     | invalid duration "five"
      s        | invalid duration "s"
      .s       | invalid duration ".s"
      '-'      | invalid duration "-"
      '+'      | invalid duration "+"
      --1s     | invalid duration "--1s"
      +-1s     | invalid duration "+-1s"
      1h-1m    | invalid duration "1h-1m"
      '5 s'    | invalid duration "5 s"
      ' 5s'    | invalid duration " 5s"
      '5s '    | invalid duration "5s "
      """)
  void refusesWhatGoRefuses(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    assertEquals(message, e.getMessage());
  }

  @Test
  void nullIsAnInvalidDuration() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(null));
    assertEquals("invalid duration \"\"", e.getMessage());
  }

  /** duration in milliseconds | Go's String() of it. */
  @ParameterizedTest(name = "[{index}] {0} ms prints \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      0          | 0s
      1          | 1ms
      300        | 300ms
      999        | 999ms
      1000       | 1s
      1200       | 1.2s
      1234       | 1.234s
      1500       | 1.5s
      30000      | 30s
      59999      | 59.999s
      60000      | 1m0s
      61500      | 1m1.5s
      300000     | 5m0s
      3600000    | 1h0m0s
      3600500    | 1h0m0.5s
      3723000    | 1h2m3s
      5400000    | 1h30m0s
      172800000  | 48h0m0s
      -300       | -300ms
      -1500      | -1.5s
      -300000    | -5m0s
      """)
  void formatsTheWayGoPrints(long millis, String text) {
    assertEquals(text, GoDuration.format(Duration.ofMillis(millis)));
  }

  /** Go's own output parses back to the same duration and prints the same. */
  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"0s", "1ms", "300ms", "1s", "1.5s", "59.999s", "1m0s", "1m1.5s", "5m0s", "1h30m0s",
      "1h2m3s", "100h0m0s", "-2m0s", "-300ms"})
  void goTextRoundTrips(String text) {
    assertEquals(text, GoDuration.format(GoDuration.parse(text)));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" prints \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      300s    | 5m0s
      90m     | 1h30m0s
      1.5h    | 1h30m0s
      0.5s    | 500ms
      3600s   | 1h0m0s
      -0      | 0s
      """)
  void parsedTextPrintsInGoForm(String text, String printed) {
    assertEquals(printed, GoDuration.format(GoDuration.parse(text)));
  }

  @Test
  void converterTakesGoSyntax() {
    GoDuration.Converter c = new GoDuration.Converter();
    assertEquals(Duration.ofMinutes(5), c.convert("5m"));
    assertEquals(Duration.ofSeconds(-1), c.convert("-1s"));
    assertEquals(Duration.ZERO, c.convert("0"));
    // picocli's TypeConversionException, with Go's words: picocli prints the message without a class name
    CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
        () -> c.convert("30"));
    assertEquals("time: missing unit in duration \"30\"", e.getMessage());
    e = assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("2562048h"));
    assertEquals("time: invalid duration \"2562048h\"", e.getMessage());
  }

  /** kubectl's --request-timeout: a bare integer means seconds; anything else is a Go duration. */
  @ParameterizedTest(name = "[{index}] \"{0}\" = {1} ns")
  @CsvSource(delimiter = '|', textBlock = """
      0        | 0
      30       | 30000000000
      0030     | 30000000000
      3600     | 3600000000000
      30s      | 30000000000
      1m       | 60000000000
      1.5s     | 1500000000
      500ms    | 500000000
      -1s      | -1000000000
      9223372036 | 9223372036000000000
      """)
  void requestTimeoutTakesSecondsOrADuration(String text, long nanos) {
    assertEquals(Duration.ofNanos(nanos), new GoDuration.RequestTimeoutConverter().convert(text));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\": {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      ''                    | time: invalid duration ""
      1x                    | time: invalid duration "1x"
      1.5                   | time: missing unit in duration "1.5"
      -1                    | time: missing unit in duration "-1"
      9223372037            | time: invalid duration "9223372037"
      2562048h              | time: invalid duration "2562048h"
      """)
  void requestTimeoutRefusals(String text, String message) {
    RuntimeException e = assertThrows(CommandLine.TypeConversionException.class,
        () -> new GoDuration.RequestTimeoutConverter().convert(text));
    assertEquals(message, e.getMessage());
  }

  // Bugs found while writing these tests: each case below fails on the code of 2e55acd.

  /**
   * Go refuses a duration beyond int64 nanoseconds (about 292 years) with "invalid duration"; parse wraps it
   * silently instead, so that {@code --timeout 5124096h} is a 25m26s timeout and {@code 2562048h} a negative one
   * (which wait reads as "no limit").
   */
  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"2562048h", "5124096h", "-2562048h", "9223372036854775808ns", "99999999999999999999s",
      "18446744073709551616ns"})
  void refusesDurationsBeyondGosRange(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    assertEquals("invalid duration \"" + text + "\"", e.getMessage());
  }

  /** Go's smallest duration parses to itself; parse gives +292 years. */
  @Test
  void theSmallestGoDurationKeepsItsSign() {
    assertEquals(Duration.ofNanos(Long.MIN_VALUE), GoDuration.parse("-9223372036854775808ns"));
  }

  /** A bare integer too large for seconds is an invalid duration, not Java's "For input string". */
  @Test
  void requestTimeoutOverflowIsAnInvalidDuration() {
    RuntimeException e = assertThrows(CommandLine.TypeConversionException.class,
        () -> new GoDuration.RequestTimeoutConverter().convert("99999999999999999999"));
    assertEquals("time: invalid duration \"99999999999999999999\"", e.getMessage());
  }

  static final class Flags {
    @CommandLine.Option(names = "--timeout", converter = GoDuration.Converter.class)
    Duration timeout;

    @CommandLine.Option(names = "--request-timeout", converter = GoDuration.RequestTimeoutConverter.class)
    Duration requestTimeout;
  }

  /**
   * What picocli makes of a refused value is the line the user sees after "error: ". The converters throw
   * IllegalArgumentException, so picocli writes "cannot convert '5x' to Duration (java.lang.IllegalArgumentException:
   * ...)"; a picocli TypeConversionException gives the plain line.
   */
  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      --timeout          | 5x                    | 'Invalid value for option ''--timeout'': time: invalid duration "5x"'
      --timeout          | 300                   | 'Invalid value for option ''--timeout'': time: missing unit in duration "300"'
      --timeout          | 2562048h              | 'Invalid value for option ''--timeout'': time: invalid duration "2562048h"'
      --request-timeout  | 1x                    | 'Invalid value for option ''--request-timeout'': time: invalid duration "1x"'
      --request-timeout  | 99999999999999999999  | 'Invalid value for option ''--request-timeout'': time: invalid duration "99999999999999999999"'
      """)
  void aRefusedFlagValueIsOneLineWithoutJavaNames(String flag, String value, String message) {
    CommandLine cl = new CommandLine(new Flags());
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> cl.parseArgs(flag, value));
    assertEquals(message, e.getMessage());
  }
}
