package io.github.kubectlindexed.index;

import java.util.BitSet;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * An immutable set of completion indexes in the Job status' interval syntax: {@code "0-2,4,7-9"}. Parses both the
 * controller's forms (runs of three or more as {@code a-b}, two neighbours as {@code 3,4}) and prints the controller's
 * canonical form, so a printed set compares equal to {@code status.completedIndexes}.
 */
public final class IndexSet {
  private static final IndexSet EMPTY = new IndexSet(new BitSet());

  private final BitSet bits;

  private IndexSet(BitSet bits) {
    this.bits = bits;
  }

  public static IndexSet empty() {
    return EMPTY;
  }

  public static IndexSet of(int... indexes) {
    BitSet b = new BitSet();
    for (int i : indexes) {
      if (i < 0) {
        throw new IllegalArgumentException("negative index " + i);
      }
      b.set(i);
    }
    return new IndexSet(b);
  }

  /** {@code [0, n)}. */
  public static IndexSet range(int n) {
    BitSet b = new BitSet(n);
    b.set(0, n);
    return new IndexSet(b);
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
    BitSet b = new BitSet();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty element in index set \"" + text + "\"");
      }
      int dash = p.indexOf('-', 1);
      if (dash < 0) {
        b.set(number(p, text));
      } else {
        int lo = number(p.substring(0, dash), text);
        int hi = number(p.substring(dash + 1), text);
        if (hi < lo) {
          throw new IllegalArgumentException("range \"" + p + "\" runs backwards in index set \"" + text + "\"");
        }
        b.set(lo, hi + 1);
      }
    }
    return new IndexSet(b);
  }

  private static int number(String s, String whole) {
    String t = s.trim();
    if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("\"" + s + "\" is not an index (a non-negative integer) in \"" + whole + "\"");
    }
    return Integer.parseInt(t);
  }

  public boolean contains(int index) {
    return index >= 0 && bits.get(index);
  }

  public int size() {
    return bits.cardinality();
  }

  public boolean isEmpty() {
    return bits.isEmpty();
  }

  /** The largest index, or -1 when empty. */
  public int max() {
    return bits.length() - 1;
  }

  public IntStream stream() {
    return bits.stream();
  }

  public IndexSet union(IndexSet other) {
    BitSet b = (BitSet) bits.clone();
    b.or(other.bits);
    return new IndexSet(b);
  }

  public IndexSet minus(IndexSet other) {
    BitSet b = (BitSet) bits.clone();
    b.andNot(other.bits);
    return new IndexSet(b);
  }

  /** The indexes of this set that are {@code >= n}. */
  public IndexSet atOrAbove(int n) {
    BitSet b = (BitSet) bits.clone();
    b.clear(0, Math.max(0, n));
    return new IndexSet(b);
  }

  /** The controller's form: ascending, runs of three or more as {@code a-b}, others comma-separated. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    int i = bits.nextSetBit(0);
    while (i >= 0) {
      int end = bits.nextClearBit(i) - 1;
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
      i = bits.nextSetBit(end + 1);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexSet other && bits.equals(other.bits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bits);
  }
}
