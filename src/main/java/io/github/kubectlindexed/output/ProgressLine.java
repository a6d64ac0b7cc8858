package io.github.kubectlindexed.output;

import io.github.kubectlindexed.index.IndexSet;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Progress of a Job on stderr. On a terminal: one live line redrawn with {@code \r}. Off a terminal: a line
 * whenever the conditions change, and at most one progress line every 10 s. Quiet: nothing.
 */
public final class ProgressLine {
  /** How progress is shown. */
  public enum Mode { LIVE, LINES, QUIET }

  /** One state of the Job, as the progress line shows it. */
  public record Snapshot(String name, int completions, int succeeded, int failed, int active, IndexSet completed,
      IndexSet failedIndexes, List<String> conditions) {}

  static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

  private final PrintWriter err;
  private final Mode mode;
  private final Clock clock;
  private final Instant start;
  private Snapshot last;
  private List<String> shownConditions = List.of();
  private Snapshot lastPrinted;
  private Instant lastPrintedAt;
  private int liveWidth;

  public ProgressLine(PrintWriter err, Mode mode, Clock clock) {
    this.err = err;
    this.mode = mode;
    this.clock = clock;
    this.start = clock.instant();
  }

  public static Mode mode(boolean terminal, boolean quiet) {
    return quiet ? Mode.QUIET : terminal ? Mode.LIVE : Mode.LINES;
  }

  /** The progress text for a snapshot after {@code elapsed}. */
  public static String format(Snapshot s, Duration elapsed) {
    StringBuilder sb = new StringBuilder();
    sb.append("job/").append(s.name()).append(' ').append(Durations.elapsed(elapsed)).append(": ")
        .append(s.succeeded()).append('/').append(s.completions()).append(" succeeded, ")
        .append(s.failed()).append(" failed, ").append(s.active()).append(" active");
    sb.append("; completed ").append(s.completed().isEmpty() ? "-" : s.completed().toString());
    if (!s.failedIndexes().isEmpty()) {
      sb.append("; failed ").append(s.failedIndexes());
    }
    return sb.toString();
  }

  public synchronized void update(Snapshot s) {
    if (mode == Mode.QUIET) {
      last = s;
      return;
    }
    boolean conditionsChanged = !Objects.equals(s.conditions(), shownConditions);
    last = s;
    if (mode == Mode.LIVE) {
      if (conditionsChanged && !s.conditions().isEmpty()) {
        clearLive();
        err.println("job/" + s.name() + ": " + String.join(", ", s.conditions()));
      }
      shownConditions = s.conditions();
      drawLive();
      return;
    }
    if (conditionsChanged) {
      shownConditions = s.conditions();
      if (!s.conditions().isEmpty()) {
        err.println("job/" + s.name() + ": " + String.join(", ", s.conditions()));
      }
    }
    maybePrintLine();
    err.flush();
  }

  /** A line of its own about the Job (suspended, waiting for admission, admitted), at once, in every mode but quiet. */
  public synchronized void note(String line) {
    if (mode == Mode.QUIET) {
      return;
    }
    if (mode == Mode.LIVE) {
      clearLive();
      err.println(line);
      if (last != null) {
        drawLive();
      }
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Called periodically: redraws the live clock, or prints a pending progress line once 10 s have passed. */
  public synchronized void tick() {
    if (last == null || mode == Mode.QUIET) {
      return;
    }
    if (mode == Mode.LIVE) {
      drawLive();
    } else {
      maybePrintLine();
      err.flush();
    }
  }

  /** Ends the live line so later output starts on a fresh line. */
  public synchronized void finish() {
    if (mode == Mode.LIVE && liveWidth > 0) {
      err.println();
      err.flush();
      liveWidth = 0;
    }
  }

  private void maybePrintLine() {
    Instant now = clock.instant();
    boolean changed = lastPrinted == null || !sameCounts(lastPrinted, last);
    boolean due = lastPrintedAt == null || !now.isBefore(lastPrintedAt.plus(LINE_INTERVAL));
    if (changed && due) {
      err.println(format(last, Duration.between(start, now)));
      lastPrinted = last;
      lastPrintedAt = now;
    }
  }

  private static boolean sameCounts(Snapshot a, Snapshot b) {
    return a.succeeded() == b.succeeded() && a.failed() == b.failed() && a.active() == b.active()
        && a.completed().equals(b.completed()) && a.failedIndexes().equals(b.failedIndexes());
  }

  private void clearLive() {
    if (liveWidth > 0) {
      err.print("\r\u001b[K");
      liveWidth = 0;
    }
  }

  private void drawLive() {
    String text = format(last, Duration.between(start, clock.instant()));
    err.print("\r" + text + "\u001b[K");
    liveWidth = text.length();
    err.flush();
  }
}
