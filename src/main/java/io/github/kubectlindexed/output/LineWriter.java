package io.github.kubectlindexed.output;

import java.io.PrintWriter;

/**
 * The one writer that log lines from concurrent streams go through: every line is written whole, with its prefix,
 * under one lock. The prefix names the index ({@code [3] }) when more than one index is shown, and also the container
 * and the attempt when more than one of them is shown.
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

  /** Decides what the prefix shows; {@code force} is --prefix (true), --no-prefix (false) or neither (null). */
  public static LineWriter of(PrintWriter out, int indexes, int containers, int attempts, Boolean force) {
    if (Boolean.FALSE.equals(force)) {
      return new LineWriter(out, false, false, false);
    }
    return new LineWriter(out, indexes > 1 || Boolean.TRUE.equals(force), containers > 1, attempts > 1);
  }

  /** {@code [3] }, {@code [3 input] }, {@code [3 worker #2] }, or empty. */
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
    if (showAttempt) {
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
