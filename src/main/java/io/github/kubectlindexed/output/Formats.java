package io.github.kubectlindexed.output;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The closed sets of {@code -o} values of the reading commands, read by the printers and by completion alike. */
public final class Formats {
  private Formats() {}

  /** {@code status -o}: csv and json stream one row per index (accounting); yaml is the whole document at once. */
  public enum Status { table, wide, json, yaml, csv }

  /** {@code list -o}. */
  public enum Listing { table, wide, name, yaml, json }

  /** The constant whose name is {@code value} in any letter case. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.toLowerCase(Locale.ROOT);
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equalsIgnoreCase(v)).findFirst();
  }

  /** The names of the constants, comma-separated, in declaration order. */
  public static String names(Class<? extends Enum<?>> type) {
    return String.join(", ", values(type));
  }

  static List<String> values(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }

  /** Completion candidates of {@code status -o}. */
  public static final class StatusCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return values(Status.class).iterator();
    }
  }

  /** Completion candidates of {@code list -o}. */
  public static final class ListCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return values(Listing.class).iterator();
    }
  }
}
