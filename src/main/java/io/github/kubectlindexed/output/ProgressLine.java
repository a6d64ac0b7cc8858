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
  /** The terminal's width: a live line longer than this wraps, and a wrapped row cannot be redrawn. */
  private int columns = DEFAULT_COLUMNS;
  private Thread interruptHook;

  /** The width assumed when the environment does not say (COLUMNS unset or not a number). */
  public static final int DEFAULT_COLUMNS = 80;

  public ProgressLine(PrintWriter err, Mode mode, Clock clock) {
    this.err = err;
    this.mode = mode;
    this.clock = clock;
    this.start = clock.instant();
  }

  /**
   * The terminal's width from the environment's {@code COLUMNS} (shells set it; it must be exported to reach the
   * plugin), else {@link #DEFAULT_COLUMNS}. No {@code stty} or ioctl: the JVM has no portable way to ask the
   * terminal, and a child process per command costs more than the line is worth.
   */
  public static int columns(java.util.Map<String, String> env) {
    String c = env == null ? null : env.get("COLUMNS");
    try {
      int n = c == null ? 0 : Integer.parseInt(c.trim());
      return n >= 10 ? n : DEFAULT_COLUMNS;
    } catch (NumberFormatException e) {
      return DEFAULT_COLUMNS;
    }
  }

  /** Sets the terminal's width for the live line. */
  public ProgressLine columns(int width) {
    this.columns = width;
    return this;
  }

  /**
   * Ends the live line on every exit path, Ctrl-C included: a JVM shutdown hook finishes the line (removed again by
   * {@link #finish}), so the shell's prompt never lands on it.
   */
  public synchronized ProgressLine finishOnInterrupt() {
    if (mode == Mode.LIVE && interruptHook == null) {
      interruptHook = new Thread(this::finish, "progress-interrupt");
      Runtime.getRuntime().addShutdownHook(interruptHook);
    }
    return this;
  }

  /**
   * Columns a live line leaves free: the last one (so no terminal wraps) and two for the terminal's own {@code ^C}
   * echo when the user interrupts (echoed after the line before the plugin can end it; wrapped, it left a row behind).
   */
  static final int FREE_COLUMNS = 3;

  /**
   * The progress text cut to {@code width - FREE_COLUMNS} characters: the index lists become counts when the whole
   * line would not fit, and a line still too long is cut.
   */
  public static String fit(Snapshot s, Duration elapsed, int width) {
    String text = format(s, elapsed);
    int max = Math.max(1, width - FREE_COLUMNS);
    if (text.length() <= max) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("job/").append(s.name()).append(' ').append(Durations.elapsed(elapsed)).append(": ")
        .append(s.succeeded()).append('/').append(s.completions()).append(" succeeded, ")
        .append(s.failed()).append(" failed, ").append(s.active()).append(" active");
    sb.append("; completed ").append(s.completed().size()).append(s.completed().size() == 1 ? " index" : " indexes");
    if (!s.failedIndexes().isEmpty()) {
      sb.append("; failed ").append(s.failedIndexes().size())
          .append(s.failedIndexes().size() == 1 ? " index" : " indexes");
    }
    text = sb.toString();
    return text.length() <= max ? text : text.substring(0, max).stripTrailing();
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

  /**
   * The conditions line for a terminal {@code width} columns wide, on one row: whole when it fits; else the condition
   * types without their reasons; else cut before the last column.
   */
  public static String fitConditions(String job, List<String> conditions, int width) {
    int max = Math.max(1, width - 1);
    String whole = "job/" + job + ": " + String.join(", ", conditions);
    if (whole.length() <= max) {
      return whole;
    }
    String types = "job/" + job + ": " + String.join(", ",
        conditions.stream().map(c -> c.replaceAll("\\(.*\\)$", "")).toList());
    return types.length() <= max ? types : types.substring(0, max);
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
        err.println(fitConditions(s.name(), s.conditions(), columns));
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
    if (interruptHook != null && Thread.currentThread() != interruptHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(interruptHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
      interruptHook = null;
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
    String text = fit(last, Duration.between(start, clock.instant()), columns);
    err.print("\r" + text + "\u001b[K");
    liveWidth = text.length();
    err.flush();
  }
}
