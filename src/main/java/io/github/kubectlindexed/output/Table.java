package io.github.kubectlindexed.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A kubectl-style table: upper-case headers, columns padded and separated by three spaces, no trailing spaces. */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int width;

  public Table(String... headers) {
    this.width = headers.length;
    rows.add(headers);
  }

  public Table row(Object... cells) {
    if (cells.length != width) {
      throw new IllegalArgumentException("expected " + width + " cells, got " + cells.length);
    }
    rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c.toString()).toArray(String[]::new));
    return this;
  }

  public void print(PrintWriter out) {
    int[] w = new int[width];
    for (String[] r : rows) {
      for (int i = 0; i < width; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < width; i++) {
        sb.append(r[i]);
        if (i < width - 1) {
          sb.append(" ".repeat(w[i] - r[i].length() + 3));
        }
      }
      out.println(sb.toString().stripTrailing());
    }
    out.flush();
  }
}
