package io.github.kubectlindexed.e2e;

import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wait's live progress line in a real pseudo-terminal (python's pty) at 40 and 200 columns, and after Ctrl-C
 * (issue 16, section 5): the screen is emulated (carriage return, erase to end of line, newline, wrap at the width)
 * and must hold exactly one progress row, never a wrapped leftover, and end on a fresh line.
 */
class ProgressPtyE2E {
  private static List<String> screen(String bytes, int cols) {
    List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
    int col = 0;
    for (int i = 0; i < bytes.length(); i++) {
      char c = bytes.charAt(i);
      StringBuilder row = rows.get(rows.size() - 1);
      if (c == '\r') {
        col = 0;
      } else if (c == '\n') {
        rows.add(new StringBuilder());
        col = 0;
      } else if (c == '\u001b' && bytes.startsWith("[K", i + 1)) {
        row.setLength(Math.min(row.length(), col));
        i += 2;
      } else if (c >= ' ') {
        if (col == cols) { // the terminal wraps: the rest goes on a new row, which \r can no longer reach
          rows.add(row = new StringBuilder());
          col = 0;
        }
        while (row.length() < col) {
          row.append(' ');
        }
        if (col < row.length()) {
          row.setCharAt(col, c);
        } else {
          row.append(c);
        }
        col++;
      }
    }
    return rows.stream().map(StringBuilder::toString).toList();
  }

  private static Proc.Result pty(String ns, int cols, boolean ctrlc, String job) {
    List<String> cmd = new ArrayList<>(List.of("python3",
        Testbed.ROOT.resolve("src/test/resources/e2e/pty-run.py").toString(), Integer.toString(cols),
        ctrlc ? "ctrlc" : "-", Testbed.PLUGIN.toString(), "wait", job, "--kubeconfig=" + Testbed.kubeconfig(),
        "--namespace=" + ns, "--timeout=300s"));
    return Testbed.exec(cmd, Map.of(), null, Duration.ofMinutes(6));
  }

  @Test
  void theLiveLineFitsFortyAndTwoHundredColumnsAndEndsOnCtrlC() {
    String ns = Testbed.namespace("pty");
    for (int cols : new int[] {40, 200}) {
      String job = "p" + cols;
      Proc.Result create = plugin(ns, "create", job, "--image=docker.io/library/busybox", "--completions=12",
          "--parallelism=1", "--", "true");
      assertEquals(0, create.exit(), create::toString);
      Proc.Result r = pty(ns, cols, false, job);
      assertTrue(r.err().contains("exit=0"), r::toString);
      List<String> rows = screen(r.out(), cols);
      assertEquals(List.of("job.batch/" + job + " condition met", ""), rows.subList(rows.size() - 2, rows.size()),
          () -> String.join("\n", rows));
      List<String> progress = rows.stream().filter(l -> l.startsWith("job/" + job + " ")).toList();
      assertEquals(1, progress.size(), () -> String.join("\n", rows));
      assertTrue(progress.get(0).length() < cols, () -> String.join("\n", rows));
      // every other row is a condition line of its own (no fragment of a wrapped progress line)
      for (String row : rows.subList(0, rows.size() - 2)) {
        assertTrue(row.startsWith("job/" + job + " ") || row.startsWith("job/" + job + ": "),
            () -> "a leftover row: [" + row + "]\n" + String.join("\n", rows));
      }
    }
    String job = "pint";
    Proc.Result create = plugin(ns, "create", job, "--image=docker.io/library/busybox", "--completions=200",
        "--parallelism=1", "--", "true");
    assertEquals(0, create.exit(), create::toString);
    Proc.Result r = pty(ns, 40, true, job);
    assertTrue(r.err().contains("exit=130"), r::toString);
    List<String> rows = screen(r.out(), 40);
    // the progress row (with the terminal's ^C echo after it at most), then a fresh, empty row for the prompt
    assertEquals("", rows.get(rows.size() - 1), () -> String.join("\n", rows));
    List<String> progress = rows.stream().filter(l -> l.startsWith("job/" + job + " ")).toList();
    assertEquals(1, progress.size(), () -> String.join("\n", rows));
    assertTrue(progress.get(0).replace("^C", "").length() < 40, () -> String.join("\n", rows));
  }
}
