package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.cluster.MockCluster;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusCommandTest extends MockClusterCommandTest {
  /** 0 succeeded; 1 failed once, then succeeded; 2 failed for good; 3 pending; 4 not started. */
  private SimJob scenario() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("demo", 5, 3, 1));
    sim.start(0);
    sim.succeed(0);
    sim.start(1);
    sim.fail(1, 1);
    sim.start(1);
    sim.succeed(1);
    sim.start(2);
    sim.fail(2, 7);
    sim.start(2);
    sim.fail(2, 7);
    sim.start(3);
    client.configMaps().inNamespace("test").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("demo-items-0").addToLabels("kubectl-indexed.io/job-name", "demo").endMetadata()
        .addToData("0", "foo").addToData("1", "bar").addToData("2", "baz").addToData("3", "qux")
        .addToData("4", "xyz").build()).create();
    return sim;
  }

  @Test
  void oneRowPerIndexWithAttemptsAndFailedIndexes() {
    scenario();
    CliRunner.Result r = cli.run("status", "demo");
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    assertEquals("""
        Name:               demo
        Namespace:          test
        Progress:           2/5 succeeded, 3 failed, 1 active (parallelism 3)
        Conditions:         <none>
        Completed Indexes:  0,1
        Failed Indexes:     2

        INDEX   ITEM   STATE        ATTEMPTS   POD            DURATION   EXIT/REASON
        0       foo    Succeeded    1          demo-0-00001   1s         0
        1       bar    Succeeded    2          demo-1-00003   1s         0
        2       baz    Failed       2          demo-2-00005   1s         7
        3       qux    Pending      1          demo-3-00006
        4       xyz    NotStarted   0          <none>
        """, r.out());
  }

  /**
   * successPolicy (--success-indexes 0-2) met while index 3 ran and after index 4 failed: the Job succeeded, its
   * failedIndexes is empty, and the rows of the two failed attempts say why they are not listed there.
   */
  @Test
  void anAttemptThatFailedAfterTheJobSucceededSaysItIsNotRetried() {
    io.fabric8.kubernetes.api.model.batch.v1.Job job = SimJob.indexedJob("sp", 5, 5, null);
    job.getSpec().setSuccessPolicy(new io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyBuilder()
        .addNewRule().withSucceededIndexes("0-2").endRule().build());
    SimJob sim = SimJob.create(client, "test", job);
    for (int i = 0; i < 5; i++) {
      sim.start(i);
      sim.run(i);
    }
    sim.fail(4, 3);
    for (int i = 0; i < 3; i++) {
      sim.succeed(i);
    }
    sim.condition("SuccessCriteriaMet", "SuccessPolicy", "Matched rules at index 0");
    sim.fail(3, 143); // terminated by the controller once success was decided
    sim.condition("Complete", "SuccessPolicy", "Matched rules at index 0");
    CliRunner.Result r = cli.run("status", "sp");
    assertEquals(new CliRunner.Result(0, """
        Name:               sp
        Namespace:          test
        Progress:           3/5 succeeded, 2 failed, 0 active (parallelism 5)
        Conditions:         SuccessCriteriaMet (SuccessPolicy), Complete (SuccessPolicy)
        Completed Indexes:  0-2
        Failed Indexes:     <none>

        INDEX   STATE                                     ATTEMPTS   POD          DURATION   EXIT/REASON
        0       Succeeded                                 1          sp-0-00001   1s         0
        1       Succeeded                                 1          sp-1-00002   1s         0
        2       Succeeded                                 1          sp-2-00003   1s         0
        3       Failed (not retried: the Job succeeded)   1          sp-3-00004   1s         143
        4       Failed (not retried: the Job succeeded)   1          sp-4-00005   1s         3
        """, ""), r);
    CliRunner.Result csv = cli.run("status", "sp", "-o", "csv");
    assertEquals(0, csv.exit(), csv.err());
    assertTrue(csv.out().lines().anyMatch(l -> l.startsWith("4,,Failed (not retried: the Job succeeded),1,sp-4-00005,")),
        csv.out());
  }

  @Test
  void podsOfAnEarlierJobOfTheSameNameAreLeftOut() {
    scenario();
    // listed by name before the Job is read; the owner check must still drop this one
    client.pods().inNamespace("test").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
        .withName("demo-0-old").addToLabels("batch.kubernetes.io/job-name", "demo")
        .addToLabels("batch.kubernetes.io/job-completion-index", "0")
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName("demo").withUid("an-older-uid")
        .withController(true).endOwnerReference().endMetadata().withNewStatus().withPhase("Failed").endStatus()
        .build()).create();
    CliRunner.Result r = cli.run("status", "demo");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("0       foo    Succeeded    1          demo-0-00001"), r.out());
    assertTrue(!r.out().contains("demo-0-old"), r.out());
  }

  @Test
  void aJobThatIsNotThereIsExit4() {
    scenario();
    CliRunner.Result r = cli.run("status", "nosuch");
    assertEquals(4, r.exit());
    assertEquals("", r.out());
    assertEquals("error: jobs.batch \"nosuch\" not found in namespace \"test\"", r.err().lines().findFirst().orElse(""));
  }

  @Test
  void withoutANameTheNewestJobMadeByThePluginIsShown() {
    scenario();
    CliRunner.Result r = cli.run("status");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("Name:               demo\n"), r.out());
    assertTrue(r.out().contains("2       baz    Failed       2          demo-2-00005"), r.out());
  }

  @Test
  void jsonHasEveryAttempt() {
    scenario();
    CliRunner.Result r = cli.run("status", "job/demo", "-o", "json");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("\"pods\":[\"demo-1-00002\",\"demo-1-00003\"]"), r.out());
    assertTrue(r.out().contains("\"failedIndexes\":\"2\""), r.out());
  }

  @Test
  void badOutputIsExit2() {
    CliRunner offline = CliRunner.offline();
    assertEquals(new CliRunner.Result(2, "", "error: --output: \"xml\": expected one of table, wide, json, yaml, csv\n"),
        offline.run("status", "demo", "-o", "xml"));
  }

  @Test
  void watchRedrawsUntilTheJobHasFinished() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("w", 1, 1, null));
    sim.start(0);
    sim.succeed(0);
    sim.complete();
    CliRunner.Result r = cli.run("status", "w", "-w");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("Name:               w\n"), r.out());
    assertTrue(r.out().contains("Conditions:         SuccessCriteriaMet (CompletionsReached), Complete (CompletionsReached)"),
        r.out());
  }

  @Test
  void statusWatchRedrawsWhenTheJobChanges() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("sw", 1, 1, null));
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("status", "sw", "-w"));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 1);
    sim.start(0);
    sim.succeed(0);
    sim.complete();
    CliRunner.Result r = f.get(20, TimeUnit.SECONDS);
    assertEquals(0, r.exit());
    assertTrue(r.out().split("Name:  ", -1).length > 2, "redrawn: " + r.out());
    assertTrue(r.out().endsWith("0       Succeeded   1          sw-0-00001   1s         0\n"), r.out());
  }
}
