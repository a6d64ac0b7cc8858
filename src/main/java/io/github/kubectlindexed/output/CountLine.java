package io.github.kubectlindexed.output;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * A count of work done, as a live line on stderr when stderr is a terminal ({@code saving logs to out: 340/1000
 * files}); nothing off a terminal. The line appears only once the work has taken {@link #DELAY}, is redrawn at most
 * every {@link #REDRAW}, and is erased by {@link #finish}, so short work and pipes stay quiet.
 */
public final class CountLine {
  static final Duration DELAY = Duration.ofSeconds(2);
  static final Duration REDRAW = Duration.ofMillis(200);

  private final PrintWriter err;
  private final boolean live;
  private final Clock clock;
  private final String what;
  private final long start;
  private long drawnAt = Long.MIN_VALUE;
  private int width;

  /** {@code what} starts the line ({@code saving logs to out}); {@code live}: stderr is a terminal. */
  public CountLine(PrintWriter err, boolean live, Clock clock, String what) {
    this.err = err;
    this.live = live;
    this.clock = clock;
    this.what = what;
    this.start = clock.millis();
  }

  /** The text for {@code done} of {@code total} (a negative total: not known). */
  public static String format(String what, int done, int total, String unit) {
    return what + ": " + done + (total >= 0 ? "/" + total : "") + " " + unit;
  }

  /** {@code done} of {@code total} files (negative: not known). */
  public synchronized void update(int done, int total) {
    if (!live) {
      return;
    }
    long now = clock.millis();
    if (now - start < DELAY.toMillis() || drawnAt != Long.MIN_VALUE && now - drawnAt < REDRAW.toMillis()) {
      return;
    }
    String text = format(what, done, total, "files");
    err.print("\r" + text + "\u001b[K");
    err.flush();
    width = text.length();
    drawnAt = now;
  }

  /** A line of its own on stderr (a marker, an error), above the live line, which is drawn again on the next update. */
  public synchronized void note(String line) {
    if (width > 0) {
      err.print("\r\u001b[K");
      width = 0;
      drawnAt = Long.MIN_VALUE;
    }
    err.println(line);
    err.flush();
  }

  /** Erases the line, so what follows starts at the beginning of a clean row. */
  public synchronized void finish() {
    if (width > 0) {
      err.print("\r\u001b[K");
      err.flush();
      width = 0;
    }
  }
}
