package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.github.kubectlindexed.cluster.MockCluster;
import io.github.kubectlindexed.cluster.SimJob;
import io.github.kubectlindexed.manifest.ItemsMode;
import io.github.kubectlindexed.manifest.IndexedJobRequest;
import io.github.kubectlindexed.manifest.Keys;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.Manifests;
import io.github.kubectlindexed.manifest.Style;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scale, suspend and resume against the mock cluster: what they write, what they say, and what they refuse. */
class SteerCommandTest extends MockClusterCommandTest {
  private Job job(String name) {
    return client.batch().v1().jobs().inNamespace("test").withName(name).get();
  }

  /** An env-style Job: no items, the worker reads JOB_COMPLETION_INDEX. */
  private SimJob envJob(String name, int completions, int parallelism) {
    Job j = SimJob.indexedJob(name, completions, parallelism, null);
    j.getSpec().getTemplate().getSpec().setInitContainers(List.of());
    return SimJob.create(client, "test", j);
  }

  @Test
  void parallelismIsTheThrottle() {
    SimJob sim = envJob("big", 100, 10);
    for (int i = 0; i < 10; i++) {
      sim.start(i);
    }
    CliRunner.Result r = cli.run("scale", "big", "--parallelism", "2");
    assertEquals(new CliRunner.Result(0, "job.batch/big scaled: parallelism 10 -> 2\n", ""), r);
    assertEquals(2, job("big").getSpec().getParallelism());
    assertEquals(100, job("big").getSpec().getCompletions());
  }

  @Test
  void growingAnEnvJobSetsParallelismToTheNewCompletionsAndNamesTheNewIndexes() {
    envJob("shard", 4, 2);
    CliRunner.Result r = cli.run("scale", "job/shard", "--completions", "8");
    assertEquals(new CliRunner.Result(0,
        "job.batch/shard scaled: completions 4 -> 8, parallelism 2 -> 8; indexes 4-7 added\n", ""), r);
    assertEquals(8, job("shard").getSpec().getCompletions());
    assertEquals(8, job("shard").getSpec().getParallelism());
  }

  @Test
  void shrinkingRemovesTheHighestIndexesAndSaysWhich() {
    envJob("shard", 8, 8);
    CliRunner.Result r = cli.run("scale", "shard", "--completions", "5");
    assertEquals(new CliRunner.Result(0, "job.batch/shard scaled: completions 8 -> 5, parallelism 8 -> 5; indexes"
        + " 5-7 removed (the highest: their pods are stopped and their results no longer count)\n", ""), r);
    assertEquals(5, job("shard").getSpec().getCompletions());
  }

  @Test
  void completionsWithADifferentParallelismIsRefusedInTheApiRulesWordsBeforeConnecting() {
    CliRunner offline = CliRunner.offline();
    assertEquals(new CliRunner.Result(2, "", "error: --parallelism: spec.completions: Invalid value: 8: can only be"
        + " modified in tandem with spec.parallelism (KEP-3715: --completions sets parallelism to 8; throttle"
        + " afterwards with scale --parallelism)\n"),
        offline.run("scale", "shard", "--completions", "8", "--parallelism", "2"));
  }

  @Test
  void scaleNeedsAFlagAndSaneNumbers() {
    CliRunner offline = CliRunner.offline();
    assertEquals(new CliRunner.Result(2, "", "error: scale: give --parallelism N, --completions M, or both with"
        + " N = M\n"), offline.run("scale", "shard"));
    assertEquals(new CliRunner.Result(2, "", "error: --parallelism: -1: must be between 0 and 100000 for an"
        + " Indexed Job\n"), offline.run("scale", "shard", "--parallelism=-1"));
    assertEquals(new CliRunner.Result(2, "", "error: --items-file: only with --completions (the items of the"
        + " indexes it adds)\n"), offline.stdin("a\n").run("scale", "shard", "--parallelism", "2",
            "--items-file", "-"));
  }

  @Test
  void aNonIndexedJobIsRefused() {
    client.batch().v1().jobs().inNamespace("test").resource(new JobBuilder().withNewMetadata().withName("plain")
        .endMetadata().withNewSpec().withCompletions(3).withParallelism(3).withNewTemplate().withNewSpec()
        .withRestartPolicy("Never").addToContainers(new ContainerBuilder().withName("w").withImage("busybox")
            .build()).endSpec().endTemplate().endSpec().build()).create();
    assertEquals(new CliRunner.Result(2, "", "error: job/plain: spec.completions: Invalid value: 4: field is"
        + " immutable (only an Indexed Job's completions may change, with parallelism: KEP-3715)\n"),
        cli.run("scale", "plain", "--completions", "4"));
    assertEquals(new CliRunner.Result(2, "", "error: job/plain is not an Indexed Job (completionMode:"
        + " NonIndexed)\n"), cli.run("scale", "plain", "--parallelism", "1"));
    assertEquals(new CliRunner.Result(2, "", "error: job/plain is not an Indexed Job (completionMode:"
        + " NonIndexed)\n"), cli.run("suspend", "plain"));
    assertEquals(3, job("plain").getSpec().getParallelism());
    assertNull(job("plain").getSpec().getSuspend());
  }

  @Test
  void growingAJobWithInlineItemsIsRefusedInOneLine() {
    // the tutorial Job: init style, items inline in the init container's script
    assertEquals(0, cli.run("create").exit());
    int sent = writes();
    String refusal = "error: --completions: indexes 5,6 of job/indexed-job would have no item: its items are inline"
        + " in its pod template, which cannot change; to grow it with --items-file, create it again with"
        + " --items-mode configmap\n";
    assertEquals(new CliRunner.Result(2, "", refusal), cli.run("scale", "indexed-job", "--completions", "7"));
    assertEquals(new CliRunner.Result(2, "", refusal), cli.stdin("f\ng\n").run("scale", "indexed-job",
        "--completions", "7", "--items-file", "-"));
    assertEquals(sent, writes(), "nothing sent beyond the reads");
    assertEquals(5, job("indexed-job").getSpec().getCompletions());
    // shrinking needs no items
    assertEquals(0, cli.run("scale", "indexed-job", "--completions", "3").exit());
    // and growing back within the items it has does not either
    assertEquals(0, cli.run("scale", "indexed-job", "--completions", "5").exit());
  }

  /** Requests that write (everything but GET): the create, patch and delete requests the server saw so far. */
  private int writes() {
    return (int) cluster.requests.stream().filter(r -> !r.method().equals("GET")).count();
  }

  /** A Job with its items in ConfigMaps (so with spare ConfigMaps projected): items a..d, completions 4. */
  private void configMapJob() {
    assertEquals(0, cli.run("create", "cm", "--image", "busybox", "--items", "a,b,c,d", "--items-mode",
        "configmap", "--", "cat", "/input/data.txt").exit());
  }

  private static final String JOB_COMPLETIONS_NOTE =
      "note: the pods' JOB_COMPLETIONS stays 4 (a Job's pod template cannot change)\n";

  private ConfigMap configMap(String name) {
    return client.configMaps().inNamespace("test").withName(name).get();
  }

  @Test
  void growingAConfigMapJobWritesTheNewItemsToASpareConfigMapBeforeTheJobGrows() {
    configMapJob();
    int before = cluster.requests.size();
    CliRunner.Result r = cli.stdin("e\nf\ng\nh\n").run("scale", "cm", "--completions", "8", "--items-file", "-");
    assertEquals(new CliRunner.Result(0, "job.batch/cm scaled: completions 4 -> 8, parallelism 1 -> 8; indexes 4-7"
        + " added; items of 4-7 written to configmap/cm-items-1\n", JOB_COMPLETIONS_NOTE), r);
    // the order of the writes: the new ConfigMap first, then the Job's patch
    List<String> writes = cluster.requests.subList(before, cluster.requests.size()).stream()
        .filter(q -> !q.method().equals("GET")).map(q -> q.method() + " " + q.path().replaceAll("\\?.*", ""))
        .toList();
    assertEquals(List.of("POST /api/v1/namespaces/test/configmaps", "PATCH /apis/batch/v1/namespaces/test/jobs/cm"),
        writes);
    ConfigMap grown = configMap("cm-items-1");
    assertEquals(Map.of("4", "e", "5", "f", "6", "g", "7", "h"), grown.getData());
    assertEquals(Boolean.TRUE, grown.getImmutable());
    assertEquals("cm", grown.getMetadata().getLabels().get(Keys.ITEMS_JOB_LABEL));
    assertEquals(Keys.MANAGED_BY, grown.getMetadata().getLabels().get(Keys.MANAGED_BY_LABEL));
    Job job = job("cm");
    assertEquals(List.of("Job/cm/" + job.getMetadata().getUid()), grown.getMetadata().getOwnerReferences().stream()
        .map(o -> o.getKind() + "/" + o.getName() + "/" + o.getUid()).toList());
    assertEquals(8, job.getSpec().getCompletions());
    assertEquals(8, job.getSpec().getParallelism());
    // the ConfigMap it was created with is never touched; a second growth takes the next spare
    Map<String, String> first = configMap("cm-items-0").getData();
    r = cli.stdin("i\nj\n").run("scale", "cm", "--completions", "10", "--items-file", "-");
    assertEquals(new CliRunner.Result(0, "job.batch/cm scaled: completions 8 -> 10, parallelism 8 -> 10; indexes"
        + " 8,9 added; items of 8,9 written to configmap/cm-items-2\n", JOB_COMPLETIONS_NOTE), r);
    assertEquals(Map.of("8", "i", "9", "j"), configMap("cm-items-2").getData());
    assertEquals(first, configMap("cm-items-0").getData());
    assertEquals(Map.of("4", "e", "5", "f", "6", "g", "7", "h"), configMap("cm-items-1").getData());
    assertTrue(cluster.requests.subList(before, cluster.requests.size()).stream()
        .noneMatch(q -> q.path().contains("/configmaps/") && (q.method().equals("PUT") || q.method().equals("PATCH"))),
        "growing modifies no ConfigMap");
    // status sees every item, the new ones included
    CliRunner.Result status = cli.run("status", "cm", "-o", "csv");
    assertTrue(status.out().contains("\n9,j,"), status.out());
  }

  @Test
  void theItemCountMustMatchTheNewIndexes() {
    configMapJob();
    int sent = writes();
    assertEquals(new CliRunner.Result(2, "", "error: --items-file: 2 items for 4 new indexes (4-7)\n"),
        cli.stdin("e\nf\n").run("scale", "cm", "--completions", "8", "--items-file", "-"));
    assertEquals(new CliRunner.Result(2, "", "error: --completions: indexes 4-7 of job/cm need items: give 4 items"
        + " with --items-file (one per line)\n"), cli.run("scale", "cm", "--completions", "8"));
    assertEquals(sent, writes(), "nothing sent beyond the reads");
    assertEquals(4, job("cm").getSpec().getCompletions());
    assertNull(configMap("cm-items-1"));
  }

  @Test
  void growingBackAfterShrinkingNeedsItemsOnlyForIndexesThatNeverHadOne() {
    configMapJob();
    assertEquals(0, cli.run("scale", "cm", "--completions", "2").exit());
    CliRunner.Result r = cli.stdin("e\n").run("scale", "cm", "--completions", "5", "--items-file", "-");
    assertEquals(new CliRunner.Result(0, "job.batch/cm scaled: completions 2 -> 5, parallelism 2 -> 5; indexes 2-4"
        + " added; items of 4 written to configmap/cm-items-1\n", JOB_COMPLETIONS_NOTE), r);
    assertEquals(Map.of("4", "e"), configMap("cm-items-1").getData());
  }

  @Test
  void whenTheSparesAreUsedUpGrowingIsRefusedBeforeAnythingIsWritten() {
    configMapJob();
    for (int k = 1; k <= Manifests.SPARE_ITEM_CONFIGMAPS; k++) {
      CliRunner.Result r = cli.stdin("item" + k + "\n").run("scale", "cm", "--completions", Integer.toString(4 + k),
          "--items-file", "-");
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().endsWith("written to configmap/cm-items-" + k + "\n"), r.out());
    }
    int sent = writes();
    assertEquals(new CliRunner.Result(2, "", "error: --items-file: job/cm has no spare item ConfigMap left; item"
        + " ConfigMaps cannot change and its pod template names no others, so create a new Job for more items\n"),
        cli.stdin("more\n").run("scale", "cm", "--completions", "13", "--items-file", "-"));
    assertEquals(sent, writes());
    assertEquals(12, job("cm").getSpec().getCompletions());
  }

  @Test
  void growingAJobMadeWithoutSparesIsRefusedInOneLine() {
    // a Job made before spares existed: its items volume projects only its own ConfigMaps
    Manifest m = Manifests.build(IndexedJobRequest.builder().name("old").image("busybox").style(Style.init)
        .items(List.of("a", "b")).itemsFlag("--items").itemsMode(ItemsMode.configmap).itemsModeGiven(true)
        .build());
    Volume items = m.job().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(Manifests.ITEMS_VOLUME)).findFirst().orElseThrow();
    items.getProjected().getSources().removeIf(src -> Boolean.TRUE.equals(src.getConfigMap().getOptional()));
    assertEquals(1, items.getProjected().getSources().size());
    client.configMaps().inNamespace("test").resource(m.configMaps().get(0)).create();
    client.batch().v1().jobs().inNamespace("test").resource(m.job()).create();
    int sent = writes();
    CliRunner.Result r = cli.stdin("c\n").run("scale", "old", "--completions", "3", "--items-file", "-");
    assertEquals(new CliRunner.Result(2, "", "error: --completions: indexes 2 of job/old would have no item: its pod"
        + " template projects no spare item ConfigMap (the Job was made before kubectl-indexed added them, or is a"
        + " retry), and a pod template cannot change; create a new Job for the new items\n"), r);
    assertEquals(sent, writes());
    assertEquals(2, job("old").getSpec().getCompletions());
  }

  @Test
  void whenTheJobCannotGrowTheNewConfigMapsAreDeleted() {
    configMapJob();
    cluster.hook = q -> q.method().equals("PATCH") && q.path().contains("/jobs/cm")
        ? MockCluster.status(422, "Invalid", "Job.batch \"cm\" is invalid: spec.completions: Invalid value: 8:"
            + " refused for this test") : null;
    CliRunner.Result r = cli.stdin("e\nf\ng\nh\n").run("scale", "cm", "--completions", "8", "--items-file", "-");
    assertEquals(4, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: scaling job.batch/cm: "), r.err());
    assertTrue(r.err().endsWith("; deleted what this command had created: configmap/cm-items-1\n"), r.err());
    assertEquals(1, r.err().split("\n").length, r.err());
    cluster.hook = null;
    assertNull(configMap("cm-items-1"));
    assertEquals(4, job("cm").getSpec().getCompletions());
  }

  @Test
  void whenTheJobCannotGrowAndTheCleanupFailsItSaysWhatIsLeft() {
    configMapJob();
    cluster.hook = q -> q.method().equals("PATCH") && q.path().contains("/jobs/cm")
        ? MockCluster.status(422, "Invalid", "Job.batch \"cm\" is invalid: spec.completions: refused for this test")
        : null;
    cluster.forbid("DELETE", "/configmaps/cm-items-1", "configmaps \"cm-items-1\" is forbidden: User \"u\" cannot"
        + " delete resource \"configmaps\"");
    CliRunner.Result r = cli.stdin("e\nf\ng\nh\n").run("scale", "cm", "--completions", "8", "--items-file", "-");
    assertEquals(4, r.exit());
    assertTrue(r.err().endsWith("; could not delete configmap/cm-items-1 (configmaps \"cm-items-1\" is forbidden:"
        + " User \"u\" cannot delete resource \"configmaps\"), so it is left in namespace test: remove it with"
        + " kubectl delete -n test configmap/cm-items-1\n"), r.err());
    assertEquals(1, r.err().split("\n").length, r.err());
    assertEquals(4, job("cm").getSpec().getCompletions());
  }

  @Test
  void aSpareNameTakenBySomethingElseStopsTheGrowthBeforeTheJobChanges() {
    configMapJob();
    client.configMaps().inNamespace("test").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("cm-items-1").endMetadata().addToData("x", "not ours").build()).create();
    CliRunner.Result r = cli.stdin("e\nf\ng\nh\n").run("scale", "cm", "--completions", "8", "--items-file", "-");
    assertEquals(4, r.exit());
    assertTrue(r.err().startsWith("error: creating configmap/cm-items-1: "), r.err());
    assertTrue(r.err().endsWith("; job.batch/cm was not changed\n"), r.err());
    assertEquals(1, r.err().split("\n").length, r.err());
    assertEquals(Map.of("x", "not ours"), configMap("cm-items-1").getData());
    assertEquals(4, job("cm").getSpec().getCompletions());
    assertTrue(cluster.requests("PATCH", "/jobs/cm").isEmpty());
  }

  @Test
  void aConflictOnTheJobDeletesTheNewConfigMapsAndTriesAgain() {
    configMapJob();
    AtomicInteger conflicts = new AtomicInteger(1);
    cluster.hook = q -> q.method().equals("PATCH") && q.path().contains("/jobs/cm")
        && conflicts.getAndDecrement() > 0 ? MockCluster.status(409, "Conflict", "Operation cannot be fulfilled on"
            + " jobs.batch \"cm\": the object has been modified; please apply your changes to the latest version and"
            + " try again") : null;
    CliRunner.Result r = cli.stdin("e\nf\ng\nh\n").run("scale", "cm", "--completions", "8", "--items-file", "-");
    assertEquals(new CliRunner.Result(0, "job.batch/cm scaled: completions 4 -> 8, parallelism 1 -> 8; indexes 4-7"
        + " added; items of 4-7 written to configmap/cm-items-1\n", JOB_COMPLETIONS_NOTE), r);
    assertEquals(1, cluster.requests("DELETE", "/configmaps/cm-items-1").size());
    // the create's cm-items-0, then cm-items-1 twice: before the conflict, and again after it
    assertEquals(3, cluster.requests("POST", "/configmaps").size());
    assertEquals(Map.of("4", "e", "5", "f", "6", "g", "7", "h"), configMap("cm-items-1").getData());
  }

  @Test
  void itemsForAJobThatTakesNoneAreRefused() {
    envJob("shard", 4, 4);
    CliRunner.Result r = cli.stdin("x\n").run("scale", "shard", "--completions", "5", "--items-file", "-");
    assertEquals(new CliRunner.Result(2, "", "error: --items-file: job/shard takes no items (its workers read"
        + " JOB_COMPLETION_INDEX)\n"), r);
    assertEquals(4, job("shard").getSpec().getCompletions());
  }

  @Test
  void suspendSaysHowManyActivePodsStopAndResumeUndoesIt() {
    SimJob sim = envJob("s", 5, 3);
    sim.start(0);
    sim.start(1);
    sim.start(2);
    CliRunner.Result r = cli.run("suspend", "s");
    assertEquals(new CliRunner.Result(0, "job.batch/s suspended: 3 active pods will be stopped; resume with:"
        + " kubectl indexed resume s\n", ""), r);
    assertTrue(job("s").getSpec().getSuspend());
    assertEquals(new CliRunner.Result(0, "job.batch/s already suspended\n", ""), cli.run("suspend", "s"));
    assertEquals(new CliRunner.Result(0, "job.batch/s resumed\n", ""), cli.run("resume", "s"));
    assertFalse(job("s").getSpec().getSuspend());
  }

  @Test
  void aFinishedJobIsNotSteered() {
    SimJob sim = envJob("done", 1, 1);
    sim.start(0);
    sim.succeed(0);
    sim.complete();
    assertEquals(new CliRunner.Result(1, "", "error: job/done has already finished (Complete): nothing to"
        + " suspend\n"), cli.run("suspend", "done"));
  }

  @Test
  void aMissingJobIsExit4() {
    CliRunner.Result r = cli.run("scale", "nope", "--parallelism", "1");
    assertEquals(4, r.exit());
    assertTrue(r.err().contains("nope"), r.err());
  }
}
