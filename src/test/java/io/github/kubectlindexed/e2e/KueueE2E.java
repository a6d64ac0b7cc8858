package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.github.kubectlindexed.e2e.Testbed.client;
import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --queue} Jobs admitted by a real Kueue (v0.17.0, started by {@code testbed/kueue/up}: ClusterQueue cq with
 * 1 cpu). Each Job below asks for 2 x 500m, so the queue admits one at a time.
 */
class KueueE2E {
  private static String namespaceWithQueue(String prefix) {
    String ns = Testbed.namespace(prefix);
    Proc.Result lq = Testbed.exec(List.of(Testbed.kubectl(), "--kubeconfig=" + Testbed.kubeconfig(), "apply",
        "-f", "-"), Map.of(), """
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: LocalQueue
        metadata:
          name: lq
          namespace: %s
        spec:
          clusterQueue: cq
        """.formatted(ns), Duration.ofSeconds(60));
    assertEquals(0, lq.exit(), () -> "a LocalQueue (is testbed/kueue/up running?): " + lq);
    return ns;
  }

  private static Job job(String ns, String name) {
    return client().batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  /**
   * With quota for one Job, the second waits until the first has finished, and its wait says so: waiting for
   * admission, then admitted, then completed. The first Job is long (20 indexes, 2 at a time, pods of 5 s: TESTBED_POD_DELAY_MS=5000) so that the second is
   * created and waited on while the first still holds the quota.
   */
  @Test
  void theSecondJobWaitsForAdmissionUntilTheFirstHasFinished() {
    String ns = namespaceWithQueue("kueue");
    Proc.Result first = plugin(ns, "create", "first", "--image=docker.io/library/busybox", "--completions=20",
        "--parallelism=2", "--requests=cpu=500m", "--queue=lq", "--", "true");
    assertEquals(0, first.exit(), first::toString);
    Proc.Result create = plugin(ns, "create", "second", "--image=docker.io/library/busybox", "--completions=4",
        "--parallelism=2", "--requests=cpu=500m", "--queue=lq", "--", "true");
    assertEquals(0, create.exit(), create::toString);
    assertTrue(job(ns, "first").getStatus().getCompletionTime() == null, "the first Job still runs");

    Proc.Result wait = plugin(ns, "wait", "second", "--timeout=300s");
    assertEquals(0, wait.exit(), wait::toString);
    assertEquals("job.batch/second condition met\n", wait.out());
    List<String> lines = wait.err().lines().toList();
    int waiting = lines.indexOf("job/second: waiting for admission in queue lq");
    int admitted = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("job/second: admitted by queue lq at ")) {
        admitted = i;
        break;
      }
    }
    assertTrue(waiting == 0 && admitted > waiting, "waiting for admission, then admitted:\n" + wait);

    Job a = job(ns, "first");
    Job b = job(ns, "second");
    assertEquals("0-19", a.getStatus().getCompletedIndexes());
    assertEquals("0-3", b.getStatus().getCompletedIndexes());
    Instant firstDone = Instant.parse(a.getStatus().getCompletionTime());
    Instant secondStarted = Instant.parse(b.getStatus().getStartTime());
    assertTrue(!secondStarted.isBefore(firstDone), "the second Job was admitted (" + secondStarted
        + ") only after the first had finished (" + firstDone + ")");
  }

  @Test
  void statusAndListShowAJobThatWaitsForAdmission() {
    String ns = namespaceWithQueue("held");
    // a LocalQueue pointing at a ClusterQueue that does not exist: Kueue never admits it
    Proc.Result lq = Testbed.exec(List.of(Testbed.kubectl(), "--kubeconfig=" + Testbed.kubeconfig(), "apply",
        "-f", "-"), Map.of(), """
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: LocalQueue
        metadata:
          name: nowhere
          namespace: %s
        spec:
          clusterQueue: no-such-cq
        """.formatted(ns), Duration.ofSeconds(60));
    assertEquals(0, lq.exit(), lq::toString);
    Proc.Result create = plugin(ns, "create", "stuck", "--image=docker.io/library/busybox", "--completions=2",
        "--queue=nowhere", "--", "true");
    assertEquals(0, create.exit(), create::toString);
    Proc.Result status = plugin(ns, "status", "stuck");
    assertTrue(status.out().contains("\nState:              Suspended: waiting for admission in queue nowhere\n"),
        status::toString);
    Proc.Result list = plugin(ns, "list");
    assertTrue(list.out().contains("Queued") && list.out().contains("waiting for admission in queue nowhere"),
        list::toString);
    Proc.Result wait = plugin(ns, "wait", "stuck", "--timeout=5s");
    assertEquals(3, wait.exit(), wait::toString);
    assertTrue(wait.err().startsWith("job/stuck: waiting for admission in queue nowhere\n"), wait::toString);
  }
}
