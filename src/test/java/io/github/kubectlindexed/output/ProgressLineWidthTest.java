package io.github.kubectlindexed.output;

import io.github.kubectlindexed.index.IndexSet;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live line fits the terminal (issue 16, section 5): index lists become counts, then the line is cut. */
class ProgressLineWidthTest {
  private static ProgressLine.Snapshot snapshot(String completed, String failed) {
    return new ProgressLine.Snapshot("indexed-job", 200, IndexSet.parse(completed).size(), 1, 1,
        IndexSet.parse(completed), IndexSet.parse(failed), List.of());
  }

  @Test
  void aLineThatFitsIsUnchanged() {
    ProgressLine.Snapshot s = snapshot("0-3", "");
    assertEquals(ProgressLine.format(s, Duration.ofSeconds(5)), ProgressLine.fit(s, Duration.ofSeconds(5), 200));
  }

  @Test
  void aLongIndexListBecomesACount() {
    ProgressLine.Snapshot s = snapshot("0-65,67,73,99,100,126,128,130,132,134,136,138,140,142", "66");
    assertEquals("job/indexed-job 5s: 79/200 succeeded, 1 failed, 1 active; completed 79 indexes; failed 1 index",
        ProgressLine.fit(s, Duration.ofSeconds(5), 100));
  }

  @Test
  void aNarrowTerminalCutsTheLineLeavingTheLastColumnAndRoomForTheCtrlCEcho() {
    ProgressLine.Snapshot s = snapshot("0-3", "");
    // 40 columns: 37 for the line, 2 for the terminal's "^C" echo, the last one free
    assertEquals("job/indexed-job 5s: 4/200 succeeded,", ProgressLine.fit(s, Duration.ofSeconds(5), 40));
  }

  @Test
  void theLiveLineIsDrawnWithinTheWidth() {
    StringWriter out = new StringWriter();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    ProgressLine p = new ProgressLine(new PrintWriter(out), ProgressLine.Mode.LIVE, clock).columns(40);
    p.update(snapshot("0-3", ""));
    p.finish();
    assertEquals("\rjob/indexed-job 0s: 4/200 succeeded,\u001b[K\n", out.toString());
  }

  @Test
  void theWidthComesFromColumnsElseEighty() {
    assertEquals(40, ProgressLine.columns(Map.of("COLUMNS", "40")));
    assertEquals(80, ProgressLine.columns(Map.of()));
    assertEquals(80, ProgressLine.columns(Map.of("COLUMNS", "wide")));
  }

  @org.junit.jupiter.api.Test
  void aConditionsLineFitsANarrowTerminalOnOneRow() {
    java.util.List<String> c = java.util.List.of("SuccessCriteriaMet(CompletionsReached)", "Complete(CompletionsReached)");
    org.junit.jupiter.api.Assertions.assertEquals(
        "job/p40: SuccessCriteriaMet(CompletionsReached), Complete(CompletionsReached)",
        ProgressLine.fitConditions("p40", c, 200));
    org.junit.jupiter.api.Assertions.assertEquals("job/p40: SuccessCriteriaMet, Complete",
        ProgressLine.fitConditions("p40", c, 40));
    org.junit.jupiter.api.Assertions.assertEquals("job/p40: SuccessCri", ProgressLine.fitConditions("p40", c, 20));
  }
}
