package io.github.kubectlindexed.realnode;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.kubectlindexed.realnode.RealNode.BUSYBOX;
import static io.github.kubectlindexed.realnode.RealNode.client;
import static io.github.kubectlindexed.realnode.RealNode.indexed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenarios 4 and 5: real exit codes feeding podFailurePolicy and backoffLimitPerIndex. */
class FailureRealNodeE2E {

  /** A worker that really exits 3 under --fail-index-on-exit-codes 3: the index fails at once, no retry. */
  @Test
  void exitCodeThreeFailsTheIndexWithoutRetry() {
    String ns = RealNode.namespace("exit3");
    Proc.Result create = indexed(ns, "create", "exit3", "--image=" + BUSYBOX, "--completions=3",
        "--parallelism=3", "--fail-index-on-exit-codes", "3", "--backoff-limit-per-index", "2", "--",
        "sh", "-c", "echo index $JOB_COMPLETION_INDEX; test $JOB_COMPLETION_INDEX != 1 || exit 3");
    assertEquals(0, create.exit(), create::toString);

    Proc.Result wait = indexed(ns, "wait", "exit3", "--timeout=300s");
    assertEquals(1, wait.exit(), wait::toString);
    assertTrue(wait.err().lines().anyMatch(l -> l.matches("(?i).*fail.*\\b1\\b.*")),
        "wait names the failed index 1 on stderr: " + wait);

    Job job = client().batch().v1().jobs().inNamespace(ns).withName("exit3").get();
    assertEquals("1", job.getStatus().getFailedIndexes());
    assertEquals("0,2", job.getStatus().getCompletedIndexes());
    List<Pod> pods = RealNode.pods(ns, "exit3", 1);
    assertEquals(1, pods.size(), "FailIndex: index 1 was not retried despite --backoff-limit-per-index 2");
    assertEquals(3, pods.get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode(),
        "the real exit code");

    Proc.Result status = indexed(ns, "status", "exit3");
    assertEquals(0, status.exit(), status::toString);
    String row1 = status.out().lines().filter(l -> l.matches("^\\s*1\\s.*")).findFirst().orElse("");
    assertTrue(row1.matches(".*\\bFailed\\s+1\\s.*\\s3\\s*$"), "index 1: Failed, 1 attempt, exit code 3:\n"
        + status.out());
  }

  /**
   * An index that fails its first attempt and succeeds on the second: the worker reads its failure count through
   * the downward API (an env var added to the dry-run stream, then applied with {@code kubectl indexed apply}).
   */
  @Test
  void failFirstThenSucceedShowsBothAttempts() {
    String ns = RealNode.namespace("retry");
    Proc.Result dry = indexed(ns, "create", "retry", "--image=" + BUSYBOX, "--completions=3",
        "--backoff-limit-per-index=1", "--dry-run=client", "-o", "yaml", "--",
        "sh", "-c", "echo \"index $JOB_COMPLETION_INDEX attempt $FAILURES\"; "
            + "test \"$JOB_COMPLETION_INDEX\" != 1 -o \"$FAILURES\" != 0 || exit 7");
    assertEquals(0, dry.exit(), dry::toString);
    Job job = Serialization.unmarshal(dry.out(), Job.class);
    job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().add(new EnvVarBuilder()
        .withName("FAILURES").withNewValueFrom().withNewFieldRef()
        .withFieldPath("metadata.annotations['batch.kubernetes.io/job-index-failure-count']")
        .endFieldRef().endValueFrom().build());
    Proc.Result apply = RealNode.indexedWithInput(ns, Serialization.asYaml(job), "apply", "-f", "-");
    assertEquals(0, apply.exit(), apply::toString);

    TutorialRealNodeE2E.assertWaitOk(ns, "retry");
    List<Pod> pods = RealNode.pods(ns, "retry", 1);
    assertEquals(2, pods.size(), "index 1 ran twice");
    assertEquals(7, pods.get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());

    Proc.Result last = indexed(ns, "logs", "retry", "--index", "1");
    assertEquals(0, last.exit(), last::toString);
    assertEquals("index 1 attempt 1\n", last.out(), "the succeeded attempt speaks for the index");

    Proc.Result all = indexed(ns, "logs", "retry", "--index", "1", "--attempts", "all");
    assertEquals(0, all.exit(), all::toString);
    int first = all.out().indexOf("index 1 attempt 0");
    int second = all.out().indexOf("index 1 attempt 1");
    assertTrue(first >= 0 && second > first, "both attempts' real output, oldest first: " + all);
    assertFalse(all.out().contains("index 0"), all::toString);

    Proc.Result status = indexed(ns, "status", "retry");
    assertEquals(0, status.exit(), status::toString);
    String row1 = status.out().lines().filter(l -> l.matches("^\\s*1\\s.*")).findFirst().orElse("");
    assertNotNull(row1);
    assertTrue(row1.matches(".*\\bSucceeded\\s+2\\s.*"), "index 1 succeeded after 2 attempts:\n" + status.out());
  }
}
