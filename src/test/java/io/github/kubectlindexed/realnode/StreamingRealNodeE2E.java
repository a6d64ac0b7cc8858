package io.github.kubectlindexed.realnode;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.github.kubectlindexed.realnode.RealNode.BUSYBOX;
import static io.github.kubectlindexed.realnode.RealNode.client;
import static io.github.kubectlindexed.realnode.RealNode.indexed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 6: a worker prints a line a second for 5 s; {@code logs -f} and {@code run} print the lines while the
 * pod runs. "While" is checked on observed state, not on time: when the first line shows up on the plugin's
 * stdout, the worker that printed it has not terminated and the Job has not finished.
 */
class StreamingRealNodeE2E {

  static final String[] WORKER = {"--", "sh", "-c",
      "for i in 1 2 3 4 5; do echo \"tick $i of $JOB_COMPLETION_INDEX\"; sleep 1; done"};

  /**
   * The Job is created suspended (the dry-run stream with {@code suspend: true}, through {@code kubectl indexed
   * apply}), {@code logs -f} starts, and the Job is resumed only once the apiserver's audit log shows the plugin
   * asking for the Job's pods: so the pods run while {@code logs -f} follows, however slowly the JVM starts.
   */
  @Test
  void logsFollowStreamsWhileThePodRuns() throws Exception {
    String ns = RealNode.namespace("follow");
    Proc.Result dry = indexed(ns, "create", cat("ticks", "--image=" + BUSYBOX, "--completions=2",
        "--parallelism=2", "--dry-run=client", "-o", "yaml"));
    assertEquals(0, dry.exit(), dry::toString);
    Job suspended = Serialization.unmarshal(dry.out(), Job.class);
    suspended.getSpec().setSuspend(true);
    Proc.Result apply = RealNode.indexedWithInput(ns, Serialization.asYaml(suspended), "apply", "-f", "-");
    assertEquals(0, apply.exit(), apply::toString);

    long auditFrom = RealNode.auditSize();
    Proc.Background follow = RealNode.start(ns, "logs", "ticks", "-f");
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(
        () -> RealNode.pluginAskedFor(auditFrom, ns, "pods") || !follow.process().isAlive());
    assertTrue(follow.process().isAlive(), () -> "logs -f ended before the Job ran: " + follow.outSoFar());
    client().batch().v1().jobs().inNamespace(ns).withName("ticks").edit(j -> {
      j.getSpec().setSuspend(false);
      return j;
    });

    assertSeenWhileRunning(ns, "ticks", follow);
    Proc.Result done = follow.await(Duration.ofMinutes(3));
    assertEquals(0, done.exit(), done::toString);
    assertAllTicks(done.out());
  }

  @Test
  void runStreamsAndExitsZeroWhenTheJobCompletes() throws Exception {
    String ns = RealNode.namespace("runstream");
    Proc.Background run = RealNode.start(ns, "run", cat("ticks", "--image=" + BUSYBOX, "--completions=2",
        "--parallelism=2", "--timeout=300s"));
    assertSeenWhileRunning(ns, "ticks", run);
    Proc.Result done = run.await(Duration.ofMinutes(3));
    assertEquals(0, done.exit(), done::toString);
    assertAllTicks(done.out());
    Job job = client().batch().v1().jobs().inNamespace(ns).withName("ticks").get();
    assertEquals("0,1", job.getStatus().getCompletedIndexes());
  }

  /**
   * A bare {@code run} is the tutorial start to finish: its stdout holds every index's log, prefixed. On the real
   * node the tutorial's workers finish within about a second of starting, so this also checks that {@code run}
   * does not lose the logs of pods that ended before it attached to them.
   */
  @Test
  void runOfTheTutorialPrintsEveryIndex() {
    String ns = RealNode.namespace("runtut");
    Proc.Result run = indexed(ns, "run", "--timeout=300s");
    assertEquals(0, run.exit(), run::toString);
    assertEquals(List.of("[0] oof", "[1] rab", "[2] zab", "[3] xuq", "[4] zyx"),
        run.out().lines().sorted().toList(), () -> "every index's log, prefixed: " + run);
  }

  private static void assertSeenWhileRunning(String ns, String job, Proc.Background proc) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
        .until(() -> proc.outSoFar().contains("tick 1 of ") || !proc.process().isAlive());
    String seen = proc.outSoFar();
    // observed right after the first line arrived
    boolean anyRunning = false;
    for (Pod pod : client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", job).list()
        .getItems()) {
      List<ContainerStatus> cs = pod.getStatus().getContainerStatuses();
      anyRunning |= cs != null && cs.stream().anyMatch(c -> c.getState().getTerminated() == null);
    }
    Job j = client().batch().v1().jobs().inNamespace(ns).withName(job).get();
    boolean finished = j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
        .anyMatch(c -> (c.getType().equals("Complete") || c.getType().equals("Failed"))
            && c.getStatus().equals("True"));
    assertTrue(seen.contains("tick 1 of "), "a first line before the command ended: " + seen);
    assertFalse(seen.contains("tick 5 of "), "not everything at once: " + seen);
    assertTrue(anyRunning, "a worker was still running when its first line was printed");
    assertFalse(finished, "the Job had not finished when the first line was printed");
  }

  private static void assertAllTicks(String out) {
    for (int index = 0; index < 2; index++) {
      int last = -1;
      for (int i = 1; i <= 5; i++) {
        String line = "tick " + i + " of " + index;
        int at = out.indexOf(line);
        assertTrue(at > last, "'" + line + "' in order in:\n" + out);
        last = at;
      }
    }
  }

  private static String[] cat(String... head) {
    String[] all = new String[head.length + WORKER.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(WORKER, 0, all, head.length, WORKER.length);
    return all;
  }
}
