package io.github.kubectlindexed.index;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An immutable set of completion indexes in the Job status' interval syntax: {@code "0-2,4,7-9"}. Parses both the
 * controller's forms (runs of three or more as {@code a-b}, two neighbours as {@code 3,4}) and prints the controller's
 * canonical form, so a printed set compares equal to {@code status.completedIndexes}.
 *
 * <p>The set is held as its runs, so its memory grows with the length of its text, never with its largest index:
 * {@code 0-999999999} is one run, and a caller can refuse it as out of range instead of running out of memory.
 */
public final class IndexSet {
  private static final IndexSet EMPTY = new IndexSet(new int[0]);

  /** Ascending, disjoint, non-adjacent runs: {@code [first0, last0, first1, last1, ...]}, bounds inclusive. */
  private final int[] runs;

  private IndexSet(int[] runs) {
    this.runs = runs;
  }

  public static IndexSet empty() {
    return EMPTY;
  }

  public static IndexSet of(int... indexes) {
    int[] r = new int[indexes.length * 2];
    for (int k = 0; k < indexes.length; k++) {
      int i = indexes[k];
      if (i < 0) {
        throw new IllegalArgumentException("negative index " + i);
      }
      r[2 * k] = i;
      r[2 * k + 1] = i;
    }
    return normalized(r, indexes.length);
  }

  /** {@code [0, n)}. */
  public static IndexSet range(int n) {
    return n <= 0 ? EMPTY : new IndexSet(new int[] {0, n - 1});
  }

  /**
   * Parses {@code "3"}, {@code "0-2,7"}, {@code "3,4"}; null or blank is the empty set.
   *
   * @throws IllegalArgumentException with a message naming the bad part
   */
  public static IndexSet parse(String text) {
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    String[] parts = text.split(",", -1);
    int[] r = new int[parts.length * 2];
    int n = 0;
    for (String part : parts) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty element in index set \"" + text + "\"");
      }
      int dash = p.indexOf('-', 1);
      int lo;
      int hi;
      if (dash < 0) {
        lo = number(p, text);
        hi = lo;
      } else {
        lo = number(p.substring(0, dash), text);
        hi = number(p.substring(dash + 1), text);
        if (hi < lo) {
          throw new IllegalArgumentException("range \"" + p + "\" runs backwards in index set \"" + text + "\"");
        }
      }
      r[2 * n] = lo;
      r[2 * n + 1] = hi;
      n++;
    }
    return normalized(r, n);
  }

  private static int number(String s, String whole) {
    String t = s.trim();
    if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("\"" + s + "\" is not an index (a non-negative integer) in \"" + whole + "\"");
    }
    return Integer.parseInt(t);
  }

  /** Sorts the first {@code n} runs of {@code r} (any order, may overlap or touch) and merges them. */
  private static IndexSet normalized(int[] r, int n) {
    if (n == 0) {
      return EMPTY;
    }
    boolean sorted = true;
    for (int k = 1; k < n && sorted; k++) {
      sorted = r[2 * k] > r[2 * k - 1] + 1L;
    }
    if (!sorted) {
      long[] packed = new long[n];
      for (int k = 0; k < n; k++) {
        packed[k] = ((long) r[2 * k] << 32) | r[2 * k + 1];
      }
      Arrays.sort(packed);
      for (int k = 0; k < n; k++) {
        r[2 * k] = (int) (packed[k] >>> 32);
        r[2 * k + 1] = (int) packed[k];
      }
    }
    int out = 0;
    for (int k = 0; k < n; k++) {
      int lo = r[2 * k];
      int hi = r[2 * k + 1];
      if (out > 0 && lo <= r[2 * out - 1] + 1L) {
        r[2 * out - 1] = Math.max(r[2 * out - 1], hi);
      } else {
        r[2 * out] = lo;
        r[2 * out + 1] = hi;
        out++;
      }
    }
    return new IndexSet(out * 2 == r.length ? r : Arrays.copyOf(r, out * 2));
  }

  /** Builds a set from runs already ascending, disjoint and non-adjacent. */
  private static IndexSet ofRuns(int[] r, int n) {
    return n == 0 ? EMPTY : new IndexSet(n * 2 == r.length ? r : Arrays.copyOf(r, n * 2));
  }

  public boolean contains(int index) {
    if (index < 0) {
      return false;
    }
    int lo = 0;
    int hi = runs.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (index < runs[2 * mid]) {
        hi = mid - 1;
      } else if (index > runs[2 * mid + 1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  public int size() {
    long n = 0;
    for (int k = 0; k < runs.length; k += 2) {
      n += (long) runs[k + 1] - runs[k] + 1;
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  public boolean isEmpty() {
    return runs.length == 0;
  }

  /** The largest index, or -1 when empty. */
  public int max() {
    return runs.length == 0 ? -1 : runs[runs.length - 1];
  }

  public IntStream stream() {
    return IntStream.range(0, runs.length / 2).flatMap(k -> IntStream.rangeClosed(runs[2 * k], runs[2 * k + 1]));
  }

  public IndexSet union(IndexSet other) {
    int[] r = Arrays.copyOf(runs, runs.length + other.runs.length);
    System.arraycopy(other.runs, 0, r, runs.length, other.runs.length);
    return normalized(r, r.length / 2);
  }

  public IndexSet minus(IndexSet other) {
    int[] r = new int[runs.length + other.runs.length];
    int n = 0;
    int j = 0;
    for (int k = 0; k < runs.length; k += 2) {
      long lo = runs[k];
      long hi = runs[k + 1];
      while (j < other.runs.length && other.runs[j + 1] < lo) {
        j += 2;
      }
      int jj = j;
      while (lo <= hi && jj < other.runs.length && other.runs[jj] <= hi) {
        if (other.runs[jj] > lo) {
          r[2 * n] = (int) lo;
          r[2 * n + 1] = other.runs[jj] - 1;
          n++;
        }
        lo = Math.max(lo, (long) other.runs[jj + 1] + 1);
        jj += 2;
      }
      if (lo <= hi) {
        r[2 * n] = (int) lo;
        r[2 * n + 1] = (int) hi;
        n++;
      }
    }
    return ofRuns(r, n);
  }

  /** The indexes of this set that are {@code >= n}. */
  public IndexSet atOrAbove(int n) {
    int[] r = new int[runs.length];
    int out = 0;
    for (int k = 0; k < runs.length; k += 2) {
      if (runs[k + 1] >= n) {
        r[2 * out] = Math.max(runs[k], n);
        r[2 * out + 1] = runs[k + 1];
        out++;
      }
    }
    return ofRuns(r, out);
  }

  /** The controller's form: ascending, runs of three or more as {@code a-b}, others comma-separated. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < runs.length; k += 2) {
      int i = runs[k];
      int end = runs[k + 1];
      if (sb.length() > 0) {
        sb.append(',');
      }
      if (end - i >= 2) {
        sb.append(i).append('-').append(end);
      } else {
        sb.append(i);
        if (end > i) {
          sb.append(',').append(end);
        }
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexSet other && Arrays.equals(runs, other.runs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(runs);
  }
}
