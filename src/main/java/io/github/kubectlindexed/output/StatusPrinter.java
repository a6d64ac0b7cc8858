package io.github.kubectlindexed.output;

import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.stream.Collectors;

/** Prints {@code status}: a header (counts, conditions, index sets) and one row per index; or JSON / YAML. */
public final class StatusPrinter {
  static final int ITEM_WIDTH = 40;

  private StatusPrinter() {}

  public static void print(PrintWriter out, StatusView v, Formats.Status format) {
    switch (format) {
      case json -> out.println(Serialization.asJson(v));
      case yaml -> out.print(Serialization.asYaml(v));
      case table, wide -> table(out, v, format == Formats.Status.wide);
    }
    out.flush();
  }

  static void table(PrintWriter out, StatusView v, boolean wide) {
    out.println("Name:               " + v.name());
    out.println("Namespace:          " + v.namespace());
    out.println("Progress:           " + v.succeeded() + "/" + v.completions() + " succeeded, " + v.failed()
        + " failed, " + v.active() + " active (parallelism " + v.parallelism() + ")");
    String conds = v.conditions().stream().filter(c -> "True".equalsIgnoreCase(c.status()))
        .map(c -> c.type() + (c.reason() == null ? "" : " (" + c.reason() + ")")).collect(Collectors.joining(", "));
    out.println("Conditions:         " + (conds.isEmpty() ? "<none>" : conds));
    if (v.state() != null) {
      out.println("State:              " + v.state());
    }
    out.println("Completed Indexes:  " + orNone(v.completedIndexes()));
    out.println("Failed Indexes:     " + orNone(v.failedIndexes()));
    out.println();
    boolean items = v.indexes().stream().anyMatch(r -> r.item() != null);
    java.util.List<String> headers = new java.util.ArrayList<>(java.util.List.of("INDEX"));
    if (items) {
      headers.add("ITEM");
    }
    headers.addAll(java.util.List.of("STATE", "ATTEMPTS", "POD", "DURATION", "EXIT/REASON"));
    if (wide) {
      headers.addAll(java.util.List.of("NODE", "ALL ATTEMPTS"));
    }
    Table t = new Table(headers.toArray(String[]::new));
    for (StatusView.IndexView r : v.indexes()) {
      java.util.List<Object> cells = new java.util.ArrayList<>();
      cells.add(r.index());
      if (items) {
        cells.add(shorten(r.item()));
      }
      cells.add(r.state());
      cells.add(r.attempts());
      cells.add(r.pod() == null ? "<none>" : r.pod());
      cells.add(r.durationSeconds() == null ? "" : Durations.elapsed(Duration.ofSeconds(r.durationSeconds())));
      cells.add(exit(r));
      if (wide) {
        cells.add(r.node() == null ? "" : r.node());
        cells.add(String.join(",", r.pods()));
      }
      t.row(cells.toArray());
    }
    t.print(out);
  }

  static String exit(StatusView.IndexView r) {
    if (r.exitCode() != null) {
      return r.reason() == null ? r.exitCode().toString() : r.exitCode() + " (" + r.reason() + ")";
    }
    return r.reason() == null ? "" : r.reason();
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  static String shorten(String item) {
    if (item == null) {
      return "";
    }
    String oneLine = item.strip().replace('\n', ' ').replace('\t', ' ');
    return oneLine.length() <= ITEM_WIDTH ? oneLine : oneLine.substring(0, ITEM_WIDTH - 3) + "...";
  }
}
