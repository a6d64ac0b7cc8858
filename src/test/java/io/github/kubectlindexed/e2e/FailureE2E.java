package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import static io.github.kubectlindexed.e2e.Testbed.client;
import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failing indexes, as KWOK makes them fail on the real Job controller. */
class FailureE2E {

  @Test
  void waitReportsAFailedIndexEarly() {
    String ns = Testbed.namespace("fail");
    Testbed.failIndex(ns, "fails", 2, 3, "always");
    Proc.Result create = plugin(ns, "create", "fails", "--image=docker.io/library/busybox", "--completions=5",
        "--parallelism=5", "--backoff-limit-per-index=0", "--max-failed-indexes=0", "--", "true");
    assertEquals(0, create.exit(), create::toString);

    Proc.Result wait = plugin(ns, "wait", "fails", "--timeout=300s", "--quiet");
    assertEquals(1, wait.exit(), wait::toString);
    assertTrue(wait.millis() < 120_000, "exits well before its timeout: " + wait.millis() + " ms");
    assertEquals(1, wait.err().lines().count(), wait::toString);
    assertTrue(wait.err().strip().matches("error: job/fails failed: (FailureTarget|Failed) \\(MaxFailedIndexesExceeded\\)"
        + ".*; failed indexes: 2"), "names the reason and the failed index: " + wait);

    Proc.Result status = plugin(ns, "status", "fails");
    assertEquals(0, status.exit(), status::toString);
    java.util.Map<String, String> row2 = row(status.out(), "2");
    assertEquals("Failed", row2.get("STATE"), "index 2 is shown as failed:\n" + status.out());
    assertEquals("3", row2.get("EXIT/REASON").split(" ")[0], "with its exit code 3:\n" + status.out());
    assertTrue(status.out().contains("Failed Indexes:     2\n"), status.out());
    Testbed.clearFailures(ns);
  }

  /** Without maxFailedIndexes the Job goes on after an index fails; --fail-fast does not. */
  @Test
  void failFastOnAJobThatGoesOn() {
    String ns = Testbed.namespace("failfast");
    Testbed.failIndex(ns, "goes-on", 0, 1, "always");
    Proc.Result create = plugin(ns, "create", "goes-on", "--image=docker.io/library/busybox",
        "--completions=8", "--parallelism=1", "--backoff-limit-per-index=0", "--", "true");
    assertEquals(0, create.exit(), create::toString);

    Proc.Result fast = plugin(ns, "wait", "goes-on", "--fail-fast", "--timeout=300s", "--quiet");
    assertEquals(1, fast.exit(), fast::toString);
    assertEquals("error: job/goes-on: index 0 failed for good (--fail-fast); the Job goes on\n", fast.err());
    Job job = client().batch().v1().jobs().inNamespace(ns).withName("goes-on").get();
    assertTrue(job.getStatus().getConditions() == null || job.getStatus().getConditions().stream()
            .map(JobCondition::getType).noneMatch(t -> t.equals("Failed") || t.equals("Complete")),
        "--fail-fast returned while the Job was still going on");

    Proc.Result full = plugin(ns, "wait", "goes-on", "--timeout=300s", "--quiet");
    assertEquals(1, full.exit(), "the Job fails in the end: " + full);
    assertEquals("1-7", client().batch().v1().jobs().inNamespace(ns).withName("goes-on").get().getStatus()
        .getCompletedIndexes(), "the other indexes ran to completion");
    Testbed.clearFailures(ns);
  }

  /** The status table's row of {@code index}, by column header (columns are separated by two or more spaces). */
  static java.util.Map<String, String> row(String table, String index) {
    java.util.List<String> lines = table.lines().toList();
    int h = 0;
    while (h < lines.size() && !lines.get(h).startsWith("INDEX")) {
      h++;
    }
    String[] headers = lines.get(h).trim().split("\\s{2,}");
    for (String l : lines.subList(h + 1, lines.size())) {
      String[] cells = l.trim().split("\\s{2,}");
      if (cells[0].equals(index)) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int k = 0; k < headers.length && k < cells.length; k++) {
          m.put(headers[k], cells[k]);
        }
        return m;
      }
    }
    return java.util.Map.of();
  }
}
