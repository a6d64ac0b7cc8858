package io.github.kubectlindexed.output;

import io.github.kubectlindexed.index.IndexSet;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2025-01-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  static ProgressLine.Snapshot snap(int succeeded, int active, String completed, List<String> conditions) {
    return new ProgressLine.Snapshot("indexed-job", 5, succeeded, 0, active, IndexSet.parse(completed),
        IndexSet.empty(), conditions);
  }

  @Test
  void formatShowsCountsAndIndexSets() {
    assertEquals("job/indexed-job 1m5s: 3/5 succeeded, 1 failed, 1 active; completed 0-2; failed 4",
        ProgressLine.format(new ProgressLine.Snapshot("indexed-job", 5, 3, 1, 1, IndexSet.parse("0,1,2"),
            IndexSet.of(4), List.of()), Duration.ofSeconds(65)));
  }

  @Test
  void offATerminalAtMostOneProgressLineEveryTenSecondsAndEveryConditionChange() {
    StringWriter sw = new StringWriter();
    ManualClock clock = new ManualClock();
    ProgressLine p = new ProgressLine(new PrintWriter(sw), ProgressLine.Mode.LINES, clock);
    p.update(snap(0, 3, "", List.of()));
    clock.advance(Duration.ofSeconds(2));
    p.update(snap(1, 3, "0", List.of())); // within 10 s: held back
    clock.advance(Duration.ofSeconds(3));
    p.tick();
    clock.advance(Duration.ofSeconds(5));
    p.tick(); // 10 s after the last line: the held-back state is printed
    p.tick(); // nothing new
    clock.advance(Duration.ofSeconds(1));
    p.update(snap(5, 0, "0-4", List.of("SuccessCriteriaMet(CompletionsReached)")));
    assertEquals("""
        job/indexed-job 0s: 0/5 succeeded, 0 failed, 3 active; completed -
        job/indexed-job 10s: 1/5 succeeded, 0 failed, 3 active; completed 0
        job/indexed-job: SuccessCriteriaMet(CompletionsReached)
        """, sw.toString());
  }

  @Test
  void onATerminalOneLiveLine() {
    StringWriter sw = new StringWriter();
    ManualClock clock = new ManualClock();
    ProgressLine p = new ProgressLine(new PrintWriter(sw), ProgressLine.Mode.LIVE, clock);
    p.update(snap(0, 3, "", List.of()));
    clock.advance(Duration.ofSeconds(1));
    p.tick();
    p.finish();
    assertEquals("\rjob/indexed-job 0s: 0/5 succeeded, 0 failed, 3 active; completed -\u001b[K"
        + "\rjob/indexed-job 1s: 0/5 succeeded, 0 failed, 3 active; completed -\u001b[K\n", sw.toString());
  }

  @Test
  void quietPrintsNothing() {
    StringWriter sw = new StringWriter();
    ProgressLine p = new ProgressLine(new PrintWriter(sw), ProgressLine.mode(true, true), new ManualClock());
    p.update(snap(1, 1, "0", List.of("Complete")));
    p.tick();
    p.finish();
    assertTrue(sw.toString().isEmpty());
  }
}
