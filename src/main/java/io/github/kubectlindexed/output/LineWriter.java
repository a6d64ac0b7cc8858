package io.github.kubectlindexed.output;

import java.io.PrintWriter;

/**
 * The one writer that log lines from concurrent streams go through: every line is written whole, with its prefix,
 * under one lock. The prefix names the index ({@code [3] }) when more than one index is shown, the container when
 * more than one is shown, and, when more than one attempt of an index may be shown, the attempt of a retry's lines
 * ({@code [3 #2] }): the first attempt's lines keep the plain prefix, so a follow, which prints an attempt before it
 * knows whether a retry will come, prints what a one-shot read prints.
 */
public final class LineWriter {
  private final PrintWriter out;
  private final boolean showIndex;
  private final boolean showContainer;
  private final boolean showAttempt;

  public LineWriter(PrintWriter out, boolean showIndex, boolean showContainer, boolean showAttempt) {
    this.out = out;
    this.showIndex = showIndex;
    this.showContainer = showContainer;
    this.showAttempt = showAttempt;
  }

  /**
   * Decides what the prefix shows; {@code attempts} is how many attempts of an index may be shown (a follow: 2, as
   * retries may come); {@code force} is --prefix (true), --no-prefix (false) or neither (null).
   */
  public static LineWriter of(PrintWriter out, int indexes, int containers, int attempts, Boolean force) {
    if (Boolean.FALSE.equals(force)) {
      return new LineWriter(out, false, false, false);
    }
    return new LineWriter(out, indexes > 1 || Boolean.TRUE.equals(force), containers > 1, attempts > 1);
  }

  /** {@code [3] }, {@code [3 input] }, {@code [3 worker #2] } (attempt 2 and later only), or empty. */
  public String prefix(int index, String container, int attempt) {
    StringBuilder sb = new StringBuilder();
    if (showIndex) {
      sb.append(index);
    }
    if (showContainer && container != null) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(container);
    }
    if (showAttempt && attempt > 1) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append('#').append(attempt);
    }
    return sb.length() == 0 ? "" : "[" + sb + "] ";
  }

  /** Writes one line (without its line break). */
  public synchronized void line(int index, String container, int attempt, String text) {
    out.print(prefix(index, container, attempt));
    out.print(text);
    out.print('\n');
    out.flush();
  }

  /** Writes a whole text, line by line, keeping its lines together. */
  public synchronized void text(int index, String container, int attempt, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    String p = prefix(index, container, attempt);
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      out.print(p);
      out.write(text, start, end - start);
      out.print('\n');
      start = end + 1;
    }
    out.flush();
  }
}
