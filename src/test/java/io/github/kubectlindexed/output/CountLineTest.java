package io.github.kubectlindexed.output;

import io.github.kubectlindexed.cli.TestClock;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live count of saved files: on a terminal once the work has taken two seconds, never off a terminal. */
class CountLineTest {
  private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

  @Test
  void onATerminalTheLineAppearsAfterTwoSecondsAndIsErased() {
    StringWriter text = new StringWriter();
    // every reading of the clock moves it one second: the first update comes a second after the start
    CountLine line = new CountLine(new PrintWriter(text), true, TestClock.stepping(T0, Duration.ofSeconds(1)),
        "saving logs to out");
    line.update(1, 10); // 1 s in: too early
    assertEquals("", text.toString());
    line.update(2, 10); // 2 s in
    line.note("a marker");
    line.update(3, 10);
    line.finish();
    assertEquals("\rsaving logs to out: 2/10 files\u001b[K" + "\r\u001b[K" + "a marker" + System.lineSeparator()
        + "\rsaving logs to out: 3/10 files\u001b[K" + "\r\u001b[K", text.toString());
  }

  @Test
  void offATerminalOnlyNotesArePrinted() {
    StringWriter text = new StringWriter();
    CountLine line = new CountLine(new PrintWriter(text), false, TestClock.stepping(T0, Duration.ofSeconds(5)),
        "saving logs to out");
    line.update(1, -1);
    line.update(2, -1);
    line.note("a marker");
    line.finish();
    assertEquals("a marker" + System.lineSeparator(), text.toString());
  }

  @Test
  void anUnknownTotalIsACount() {
    assertEquals("saving logs to out: 4 files", CountLine.format("saving logs to out", 4, -1, "files"));
    assertEquals("saving logs to out: 4/9 files", CountLine.format("saving logs to out", 4, 9, "files"));
  }
}
