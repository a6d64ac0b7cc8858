package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
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
    Testbed.Result create = plugin(ns, "create", "fails", "--image=docker.io/library/busybox", "--completions=5",
        "--parallelism=5", "--backoff-limit-per-index=0", "--max-failed-indexes=0", "--", "true");
    assertEquals(0, create.exit(), create::toString);

    Testbed.Result wait = plugin(ns, "wait", "fails", "--timeout=300s", "--quiet");
    assertEquals(1, wait.exit(), wait::toString);
    assertTrue(wait.millis() < 120_000, "exits well before its timeout: " + wait.millis() + " ms");
    assertTrue(wait.err().contains("2"), "names the failed index: " + wait);
    assertTrue(wait.err().contains("MaxFailedIndexesExceeded") || wait.err().contains("failed"), wait::toString);

    Testbed.Result status = plugin(ns, "status", "fails");
    assertEquals(0, status.exit(), status::toString);
    String row2 = status.out().lines().filter(l -> l.matches("^\\s*2\\s.*")).findFirst().orElse("");
    assertTrue(row2.contains("Failed"), "index 2 is shown as failed:\n" + status.out());
    assertTrue(row2.contains("3"), "with its exit code 3:\n" + status.out());
    Testbed.clearFailures(ns);
  }

  /** Without maxFailedIndexes the Job goes on after an index fails; --fail-fast does not. */
  @Test
  void failFastOnAJobThatGoesOn() {
    String ns = Testbed.namespace("failfast");
    Testbed.failIndex(ns, "goes-on", 0, 1, "always");
    Testbed.Result create = plugin(ns, "create", "goes-on", "--image=docker.io/library/busybox",
        "--completions=8", "--parallelism=1", "--backoff-limit-per-index=0", "--", "true");
    assertEquals(0, create.exit(), create::toString);

    Testbed.Result fast = plugin(ns, "wait", "goes-on", "--fail-fast", "--timeout=300s", "--quiet");
    assertEquals(1, fast.exit(), fast::toString);
    assertTrue(fast.err().contains("0"), fast::toString);
    Job job = client().batch().v1().jobs().inNamespace(ns).withName("goes-on").get();
    assertTrue(job.getStatus().getConditions() == null || job.getStatus().getConditions().stream()
            .map(JobCondition::getType).noneMatch(t -> t.equals("Failed") || t.equals("Complete")),
        "--fail-fast returned while the Job was still going on");

    Testbed.Result full = plugin(ns, "wait", "goes-on", "--timeout=300s", "--quiet");
    assertEquals(1, full.exit(), "the Job fails in the end: " + full);
    assertEquals("1-7", client().batch().v1().jobs().inNamespace(ns).withName("goes-on").get().getStatus()
        .getCompletedIndexes(), "the other indexes ran to completion");
    Testbed.clearFailures(ns);
  }
}
