package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.Test;

import java.util.List;

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
    CliRunner.Result r = cli.run("scale", "indexed-job", "--completions", "7");
    assertEquals(new CliRunner.Result(2, "", "error: --completions: indexes 5,6 of job/indexed-job would have no"
        + " item: its items are inline in its pod template, and a Job's pod template cannot change; create a new"
        + " Job for the new items\n"), r);
    assertEquals(5, job("indexed-job").getSpec().getCompletions());
    // shrinking needs no items
    assertEquals(0, cli.run("scale", "indexed-job", "--completions", "3").exit());
    // and growing back within the items it has does not either
    assertEquals(0, cli.run("scale", "indexed-job", "--completions", "5").exit());
  }

  @Test
  void growingAJobWithConfigMapItemsWithoutRoomForMoreIsRefused() {
    assertEquals(0, cli.run("create", "cm", "--image", "busybox", "--items", "a,b", "--items-mode", "configmap",
        "--", "cat", "/input/data.txt").exit());
    CliRunner.Result r = cli.stdin("c\n").run("scale", "cm", "--completions", "3", "--items-file", "-");
    assertEquals(new CliRunner.Result(2, "", "error: --completions: indexes 2 of job/cm would have no item: its"
        + " items are in the ConfigMaps it was created with, and a Job's pod template cannot change; create a new"
        + " Job for the new items\n"), r);
    assertEquals(2, job("cm").getSpec().getCompletions());
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
