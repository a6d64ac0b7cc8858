package io.github.kubectlindexed.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Streams {@code status -o csv} and {@code -o json}: each row is written as it comes and then forgotten, so the
 * output of 100,000 indexes costs one row of memory. CSV: a header, then one RFC 4180 line per index. JSON: the
 * status document (the Job's counts and conditions) with an {@code indexes} array of one object per index.
 */
public final class AccountingPrinter implements AutoCloseable {
  /** The CSV columns, in order. */
  public static final List<String> CSV_COLUMNS = List.of("index", "item", "state", "attempts", "pod", "node",
      "created", "scheduled", "started", "finished", "duration_seconds", "exit_code", "reason");

  /** The Job's part of the document. */
  public record Header(String namespace, String name, int completions, int parallelism, int succeeded, int failed,
      int active, String completedIndexes, String failedIndexes, List<StatusView.ConditionView> conditions,
      String state) {}

  /** One index. */
  public record Row(int index, String item, String state, int attempts, String pod, List<String> pods, String node,
      Instant created, Instant scheduled, Instant started, Instant finished, Long durationSeconds, Integer exitCode,
      String reason) {}

  private final PrintWriter out;
  private final boolean csv;
  private JsonGenerator json;

  private AccountingPrinter(PrintWriter out, boolean csv) {
    this.out = out;
    this.csv = csv;
  }

  /** A printer for {@code format} (csv or json). */
  public static AccountingPrinter of(PrintWriter out, Formats.Status format) {
    if (format != Formats.Status.csv && format != Formats.Status.json) {
      throw new IllegalArgumentException("accounting is csv or json");
    }
    return new AccountingPrinter(out, format == Formats.Status.csv);
  }

  public void header(Header h) {
    if (csv) {
      out.println(String.join(",", CSV_COLUMNS));
      return;
    }
    try {
      json = new JsonFactory().createGenerator(out);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeStringField("namespace", h.namespace());
      json.writeStringField("name", h.name());
      json.writeNumberField("completions", h.completions());
      json.writeNumberField("parallelism", h.parallelism());
      json.writeNumberField("succeeded", h.succeeded());
      json.writeNumberField("failed", h.failed());
      json.writeNumberField("active", h.active());
      json.writeStringField("completedIndexes", h.completedIndexes());
      json.writeStringField("failedIndexes", h.failedIndexes());
      json.writeStringField("state", h.state());
      json.writeArrayFieldStart("conditions");
      for (StatusView.ConditionView c : h.conditions()) {
        json.writeStartObject();
        json.writeStringField("type", c.type());
        json.writeStringField("status", c.status());
        json.writeStringField("reason", c.reason());
        json.writeStringField("message", c.message());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("indexes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void row(Row r) {
    if (csv) {
      StringBuilder sb = new StringBuilder(160);
      sb.append(r.index()).append(',');
      cell(sb, r.item());
      sb.append(',').append(r.state()).append(',').append(r.attempts()).append(',');
      cell(sb, r.pod());
      sb.append(',');
      cell(sb, r.node());
      sb.append(',').append(csvText(r.created())).append(',').append(csvText(r.scheduled())).append(',')
          .append(csvText(r.started())).append(',').append(csvText(r.finished())).append(',')
          .append(r.durationSeconds() == null ? "" : r.durationSeconds().toString()).append(',')
          .append(r.exitCode() == null ? "" : r.exitCode().toString()).append(',');
      cell(sb, r.reason());
      out.println(sb);
      return;
    }
    try {
      json.writeStartObject();
      json.writeNumberField("index", r.index());
      json.writeStringField("item", r.item());
      json.writeStringField("state", r.state());
      json.writeNumberField("attempts", r.attempts());
      json.writeStringField("pod", r.pod());
      json.writeArrayFieldStart("pods");
      for (String p : r.pods()) {
        json.writeString(p);
      }
      json.writeEndArray();
      json.writeStringField("node", r.node());
      json.writeStringField("created", text(r.created()));
      json.writeStringField("scheduled", text(r.scheduled()));
      json.writeStringField("started", text(r.started()));
      json.writeStringField("finished", text(r.finished()));
      if (r.durationSeconds() == null) {
        json.writeNullField("durationSeconds");
      } else {
        json.writeNumberField("durationSeconds", r.durationSeconds());
      }
      if (r.exitCode() == null) {
        json.writeNullField("exitCode");
      } else {
        json.writeNumberField("exitCode", r.exitCode());
      }
      json.writeStringField("reason", r.reason());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the document (JSON) and flushes. */
  @Override
  public void close() {
    if (json != null) {
      try {
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
        json.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.println();
    }
    out.flush();
  }

  private static String csvText(Instant t) {
    return t == null ? "" : t.toString();
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** An RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled); empty for null. */
  static void cell(StringBuilder sb, String v) {
    if (v == null) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }
}
