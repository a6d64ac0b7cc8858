package io.github.kubectlindexed.index;

import java.util.Arrays;

/**
 * The index map of a retry Job: its new index {@code j} (0..k-1) does the work of original index {@code set[j]},
 * the j-th member of the set in ascending order. Pure data; the pod resolves the same map with a shell loop
 * (see {@code manifest.RetryManifests}).
 */
public final class IndexMap {
  private final IndexSet set;
  private final int[] originals;

  private IndexMap(IndexSet set) {
    this.set = set;
    this.originals = set.stream().toArray();
  }

  public static IndexMap of(IndexSet set) {
    return new IndexMap(set);
  }

  /** Reads the annotation's text; null or unreadable text gives null. */
  public static IndexMap parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return new IndexMap(IndexSet.parse(text));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** How many indexes the retry Job runs (its completions). */
  public int size() {
    return originals.length;
  }

  /** The original index of new index {@code j}. */
  public int original(int j) {
    return originals[j];
  }

  /** The new index that runs original index {@code i}, or -1 when the map does not hold it. */
  public int newIndex(int i) {
    int k = Arrays.binarySearch(originals, i);
    return k < 0 ? -1 : k;
  }

  /** The original indexes. */
  public IndexSet originals() {
    return set;
  }

  /** The original indexes of the given new indexes. */
  public IndexSet originalsOf(IndexSet newIndexes) {
    return IndexSet.of(newIndexes.stream().filter(j -> j < originals.length).map(j -> originals[j]).toArray());
  }

  /** The annotation's text: the set in the status interval syntax. */
  @Override
  public String toString() {
    return set.toString();
  }
}
