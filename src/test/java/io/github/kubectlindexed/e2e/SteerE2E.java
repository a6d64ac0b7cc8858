package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.github.kubectlindexed.e2e.Testbed.client;
import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scale, suspend, resume and status -o csv on the real Job controller, each checked by what the pods do. Run with
 * pods that last a few seconds (TESTBED_POD_DELAY_MS=5000 for testbed/up), so that a Job is still running when the
 * next command (a JVM start on a loaded machine) reaches it.
 */
class SteerE2E {
  private static Job job(String ns, String name) {
    return client().batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  /** Pods of the Job that are neither finished nor being deleted: what the controller keeps running. */
  private static long activePods(String ns, String name) {
    return client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", name).list().getItems()
        .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !"Succeeded".equals(p.getStatus().getPhase()) && !"Failed".equals(p.getStatus().getPhase()))
        .count();
  }

  private static Set<Integer> podIndexes(String ns, String name) {
    Set<Integer> out = new TreeSet<>();
    for (Pod p : client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", name).list()
        .getItems()) {
      out.add(Integer.parseInt(p.getMetadata().getLabels().get("batch.kubernetes.io/job-completion-index")));
    }
    return out;
  }

  @Test
  void parallelismTwoOnARunningHundredIndexJobKeepsTwoActive() {
    String ns = Testbed.namespace("throttle");
    Proc.Result create = plugin(ns, "create", "wide", "--image=docker.io/library/busybox", "--completions=100",
        "--parallelism=10", "--", "true");
    assertEquals(0, create.exit(), create::toString);
    await().atMost(Duration.ofSeconds(60)).until(() -> activePods(ns, "wide") > 2);

    Proc.Result scale = plugin(ns, "scale", "wide", "--parallelism", "2");
    assertEquals(0, scale.exit(), scale::toString);
    assertEquals("job.batch/wide scaled: parallelism 10 -> 2\n", scale.out());
    await().atMost(Duration.ofSeconds(60)).until(() -> activePods(ns, "wide") <= 2);
    // and it stays there while the Job goes on: never more than 2, and the Job keeps completing indexes
    int before = job(ns, "wide").getStatus().getSucceeded() == null ? 0 : job(ns, "wide").getStatus().getSucceeded();
    await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
        .until(() -> activePods(ns, "wide") <= 2);
    assertTrue(job(ns, "wide").getStatus().getSucceeded() > before, "the Job went on at 2 pods at a time");
    assertEquals(2, job(ns, "wide").getSpec().getParallelism());
  }

  @Test
  void completionsGrowsAnEnvJobFromFourToEightThenShrinksIt() {
    String ns = Testbed.namespace("elastic");
    Proc.Result create = plugin(ns, "create", "grow", "--image=docker.io/library/busybox", "--completions=4",
        "--parallelism=4", "--suspend", "--", "sh", "-c", "echo $JOB_COMPLETION_INDEX");
    assertEquals(0, create.exit(), create::toString);
    Proc.Result grow = plugin(ns, "scale", "grow", "--completions", "8");
    assertEquals(0, grow.exit(), grow::toString);
    assertEquals("job.batch/grow scaled: completions 4 -> 8, parallelism 4 -> 8; indexes 4-7 added\n", grow.out());
    assertEquals("note: the pods' JOB_COMPLETIONS stays 4 (a Job's pod template cannot change)\n", grow.err());
    assertEquals(0, plugin(ns, "resume", "grow").exit());
    Proc.Result wait = plugin(ns, "wait", "grow", "--timeout=120s", "--quiet");
    assertEquals(0, wait.exit(), wait::toString);
    assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), podIndexes(ns, "grow"), "pods appeared for indexes 4-7");
    assertEquals("0-7", job(ns, "grow").getStatus().getCompletedIndexes());

    // shrinking: a suspended 8-index Job scaled to 3 runs only indexes 0-2
    Proc.Result create2 = plugin(ns, "create", "shrink", "--image=docker.io/library/busybox", "--completions=8",
        "--parallelism=8", "--suspend", "--", "true");
    assertEquals(0, create2.exit(), create2::toString);
    Proc.Result shrink = plugin(ns, "scale", "shrink", "--completions", "3");
    assertEquals(0, shrink.exit(), shrink::toString);
    assertTrue(shrink.out().contains("indexes 3-7 removed"), shrink::toString);
    assertEquals(0, plugin(ns, "resume", "shrink").exit());
    Proc.Result wait2 = plugin(ns, "wait", "shrink", "--timeout=120s", "--quiet");
    assertEquals(0, wait2.exit(), wait2::toString);
    assertEquals(Set.of(0, 1, 2), podIndexes(ns, "shrink"));
    assertEquals("0-2", job(ns, "shrink").getStatus().getCompletedIndexes());
  }

  @Test
  void completionsWithItemsFileGrowsAConfigMapItemsJobFromFourToEight() throws Exception {
    String ns = Testbed.namespace("grow-items");
    Proc.Result create = plugin(ns, "create", "cmgrow", "--image=docker.io/library/busybox", "--items=a,b,c,d",
        "--items-mode=configmap", "--parallelism=4", "--suspend", "--", "cat", "/input/data.txt");
    assertEquals(0, create.exit(), create::toString);
    java.nio.file.Path more = java.nio.file.Files.createTempFile("more-items", ".txt");
    java.nio.file.Files.writeString(more, "e\nf f\n$(g)\nh\n");
    Proc.Result grow = plugin(ns, "scale", "cmgrow", "--completions", "8", "--items-file", more.toString());
    assertEquals(0, grow.exit(), grow::toString);
    assertEquals("job.batch/cmgrow scaled: completions 4 -> 8, parallelism 4 -> 8; indexes 4-7 added; items of 4-7"
        + " written to configmap/cmgrow-items-1\n", grow.out());
    // the new ConfigMap: the new indexes' items, immutable, owned by the Job (so deleting the Job deletes it)
    Job j = job(ns, "cmgrow");
    assertEquals(8, j.getSpec().getCompletions());
    io.fabric8.kubernetes.api.model.ConfigMap cm = client().configMaps().inNamespace(ns).withName("cmgrow-items-1")
        .get();
    assertEquals(java.util.Map.of("4", "e", "5", "f f", "6", "$(g)", "7", "h"), cm.getData());
    assertEquals(Boolean.TRUE, cm.getImmutable());
    assertEquals(List.of("Job/cmgrow/" + j.getMetadata().getUid()), cm.getMetadata().getOwnerReferences().stream()
        .map(o -> o.getKind() + "/" + o.getName() + "/" + o.getUid()).toList());
    assertEquals(java.util.Map.of("0", "a", "1", "b", "2", "c", "3", "d"),
        client().configMaps().inNamespace(ns).withName("cmgrow-items-0").get().getData());

    assertEquals(0, plugin(ns, "resume", "cmgrow").exit());
    Proc.Result wait = plugin(ns, "wait", "cmgrow", "--timeout=120s", "--quiet");
    assertEquals(0, wait.exit(), wait::toString);
    assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), podIndexes(ns, "cmgrow"), "pods appeared for indexes 4-7");
    assertEquals("0-7", job(ns, "cmgrow").getStatus().getCompletedIndexes());
    // every new pod projects the ConfigMap that holds its item
    for (Pod p : client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", "cmgrow").list()
        .getItems()) {
      assertTrue(p.getSpec().getVolumes().stream().filter(v -> v.getProjected() != null)
          .flatMap(v -> v.getProjected().getSources().stream()).anyMatch(src -> src.getConfigMap() != null
              && "cmgrow-items-1".equals(src.getConfigMap().getName())), p.getMetadata().getName());
    }
    // and status shows the new items beside their indexes
    Proc.Result csv = plugin(ns, "status", "cmgrow", "-o", "csv");
    assertEquals(0, csv.exit(), csv::toString);
    assertTrue(csv.out().contains("\n7,h,Succeeded,"), csv::toString);
  }

  @Test
  void suspendStopsThePodsResumeBringsThemBackAndWaitExitsZero() throws Exception {
    String ns = Testbed.namespace("suspend");
    Proc.Result create = plugin(ns, "create", "held", "--image=docker.io/library/busybox", "--completions=30",
        "--parallelism=3", "--", "true");
    assertEquals(0, create.exit(), create::toString);
    Proc.Background waiting = Testbed.start(ns, "wait", "held", "--timeout=300s");
    await().atMost(Duration.ofSeconds(60)).until(() -> activePods(ns, "held") > 0);

    Proc.Result suspend = plugin(ns, "suspend", "held");
    assertEquals(0, suspend.exit(), suspend::toString);
    assertTrue(suspend.out().matches("job\\.batch/held suspended: \\d+ active pods? will be stopped; resume with:"
        + " kubectl indexed resume held -n " + ns + "\n"), suspend::toString);
    await().atMost(Duration.ofSeconds(60)).until(() -> activePods(ns, "held") == 0);
    Proc.Result status = plugin(ns, "status", "held");
    assertTrue(status.out().contains("\nState:              Suspended\n"), status::toString);
    assertTrue(status.out().contains("Suspended (JobSuspended)"), "the controller's condition: " + status);
    int done = job(ns, "held").getStatus().getSucceeded() == null ? 0 : job(ns, "held").getStatus().getSucceeded();
    assertTrue(done < 30, "suspended before the end");
    assertTrue(waiting.process().isAlive(), "wait keeps waiting on a suspended Job");

    assertEquals(0, plugin(ns, "resume", "held").exit());
    await().atMost(Duration.ofSeconds(60)).until(() -> activePods(ns, "held") > 0
        || job(ns, "held").getStatus().getCompletionTime() != null);
    assertTrue(waiting.process().waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "wait ends");
    String err = read(waiting.err());
    assertEquals(0, waiting.process().exitValue(), "wait exits 0:\n" + err);
    assertTrue(err.contains("job/held: suspended; waiting until it is resumed (kubectl indexed resume held)"), err);
    assertTrue(err.contains("job/held: resumed"), err);
  }

  @Test
  void csvOfATenThousandIndexJobHasAHeaderAndOneRowPerIndex() {
    String ns = Testbed.namespace("acct");
    // suspended: the rows exist for every index without making 10,000 pods (the pods' fields are covered by the
    // mock tests and by the benchmark row)
    Proc.Result create = plugin(ns, "create", "big", "--image=docker.io/library/busybox", "--completions=10000",
        "--parallelism=100", "--suspend", "--", "true");
    assertEquals(0, create.exit(), create::toString);
    Proc.Result csv = plugin(ns, "status", "big", "-o", "csv");
    assertEquals(0, csv.exit(), csv::toString);
    List<String> lines = csv.out().lines().toList();
    assertEquals(10_001, lines.size());
    assertEquals("index,item,state,attempts,pod,node,created,scheduled,started,finished,duration_seconds,exit_code,"
        + "reason", lines.get(0));
    for (int i = 0; i < 10_000; i++) {
      assertTrue(lines.get(i + 1).startsWith(i + ","), lines.get(i + 1));
    }
  }

  private static String read(java.nio.file.Path p) throws java.io.IOException {
    return java.nio.file.Files.readString(p);
  }
}
