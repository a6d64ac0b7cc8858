package io.github.kubectlindexed.output;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Prints {@code list}: table, wide or name ({@code -o yaml|json} is {@link ManifestPrinter#printList}). */
public final class ListPrinter {
  private ListPrinter() {}

  public static void print(PrintWriter out, List<JobRow> rows, Formats.Listing format, boolean allNamespaces,
      Instant now) {
    switch (format) {
      case yaml, json -> { } // the Jobs themselves: ManifestPrinter.printList
      case name -> rows.forEach(r -> out.println("job.batch/" + r.name()));
      case table, wide -> table(out, rows, format == Formats.Listing.wide, allNamespaces, now);
    }
    out.flush();
  }

  private static void table(PrintWriter out, List<JobRow> rows, boolean wide, boolean allNamespaces, Instant now) {
    List<String> h = new ArrayList<>();
    if (allNamespaces) {
      h.add("NAMESPACE");
    }
    h.addAll(List.of("NAME", "COMPLETIONS", "SUCCEEDED", "FAILED", "AGE", "STATE"));
    boolean queued = rows.stream().anyMatch(r -> r.admission() != null);
    if (queued) {
      h.add("ADMISSION");
    }
    if (wide) {
      h.addAll(List.of("PARALLELISM", "ACTIVE", "FAILED INDEXES"));
    }
    Table t = new Table(h.toArray(String[]::new));
    for (JobRow r : rows) {
      List<Object> c = new ArrayList<>();
      if (allNamespaces) {
        c.add(r.namespace());
      }
      c.addAll(List.of(r.name(), r.completions(), r.succeeded(), r.failed(), age(r.created(), now), r.state()));
      if (queued) {
        c.add(r.admission() == null ? "" : r.admission());
      }
      if (wide) {
        c.addAll(List.of(r.parallelism(), r.active(), r.failedIndexes().isEmpty() ? "<none>" : r.failedIndexes()));
      }
      t.row(c.toArray());
    }
    t.print(out);
  }

  static String age(String created, Instant now) {
    if (created == null) {
      return "<unknown>";
    }
    try {
      return Durations.age(Duration.between(Instant.parse(created), now));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }
}
