package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
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

class WaitCommandTest extends MockClusterCommandTest {
  private SimJob finished(String name) {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob(name, 2, 2, null));
    for (int i = 0; i < 2; i++) {
      sim.start(i);
      sim.succeed(i);
    }
    sim.complete();
    return sim;
  }

  @Test
  void exitsZeroOnComplete() {
    finished("indexed-job");
    CliRunner.Result r = cli.run("wait", "indexed-job", "--timeout=300s", "--quiet");
    assertEquals(new CliRunner.Result(0, "job.batch/indexed-job condition met\n", ""), r);
  }

  @Test
  void acceptsKubectlsSpellingsOfTheJobAndTheCondition() {
    finished("indexed-job");
    assertEquals(0, cli.run("wait", "--for=condition=complete", "--timeout=300s", "job/indexed-job", "-q").exit());
    assertEquals(0, cli.run("wait", "--for=Condition=Complete", "jobs/indexed-job", "-q").exit());
    CliRunner.Result r = cli.run("wait", "--for=condition=failed", "jobs/indexed-job", "-q");
    assertEquals(1, r.exit());
    assertEquals("error: job/indexed-job succeeded (Complete (CompletionsReached): Reached expected number of "
        + "succeeded pods), so it cannot fail any more\n", r.err());
  }

  @Test
  void withoutANameUsesTheNewestManagedJobAndSaysSo() {
    finished("indexed-job");
    CliRunner.Result r = cli.run("wait", "-q");
    assertEquals(0, r.exit());
    assertEquals("Using job/indexed-job (the newest Job made by kubectl-indexed in namespace test)\n", r.err());
  }

  @Test
  void noManagedJobIsExit4() {
    CliRunner.Result r = cli.run("wait", "-q");
    assertEquals(new CliRunner.Result(4, "", "error: no Job made by kubectl-indexed in namespace \"test\"; "
        + "name one: kubectl indexed <command> NAME\n"), r);
  }

  @Test
  void aMissingJobIsExit4() {
    CliRunner.Result r = cli.run("wait", "nope", "-q");
    assertEquals(new CliRunner.Result(4, "", "error: jobs.batch \"nope\" not found in namespace \"test\"\n"), r);
  }

  @Test
  void aNonIndexedJobIsExit2() {
    Job j = SimJob.indexedJob("plain", 1, 1, null);
    j.getSpec().setCompletionMode("NonIndexed");
    client.batch().v1().jobs().inNamespace("test").resource(j).create();
    CliRunner.Result r = cli.run("wait", "plain", "-q");
    assertEquals(new CliRunner.Result(2, "",
        "error: job/plain is not an Indexed Job (completionMode: NonIndexed)\n"), r);
  }

  @Test
  void badFlagsAreExit2WithoutTouchingTheCluster() {
    CliRunner offline = CliRunner.offline();
    CliRunner.Result r = offline.run("wait", "x", "--for=ready");
    assertEquals(new CliRunner.Result(2, "",
        "error: --for: \"ready\": expected complete, failed, condition=complete or condition=failed\n"), r);
    assertEquals(new CliRunner.Result(2, "",
        "error: invalid argument \"300\" for \"--timeout\" flag: time: missing unit in duration \"300\"\n"),
        offline.run("wait", "x", "--timeout", "300"));
    assertEquals(new CliRunner.Result(2, "",
        "error: invalid argument \"2562048h\" for \"--timeout\" flag: time: invalid duration \"2562048h\"\n"),
        offline.run("wait", "x", "--timeout=2562048h"));
    assertEquals(new CliRunner.Result(2, "",
        "error: invalid argument \"1x\" for \"--request-timeout\" flag: time: invalid duration \"1x\"\n"),
        offline.run("wait", "x", "--request-timeout=1x"));
    assertEquals(2, offline.run("wait", "pod/x").exit());
    assertEquals(2, offline.run("wait", "x", "--for=failed", "--fail-fast").exit());
    assertEquals(0, offline.connects.get());
  }

  @Test
  void failureDecidedEarlyIsExit1NamingReasonAndIndexes() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("ft", 4, 2, 0));
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("wait", "ft", "-q"));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 1);
    sim.start(2);
    sim.fail(2, 1);
    sim.start(0);
    sim.condition("FailureTarget", "FailedIndexes", "Job has failed indexes");
    CliRunner.Result r = f.get(20, TimeUnit.SECONDS);
    assertEquals(new CliRunner.Result(1, "",
        "error: job/ft failed: FailureTarget (FailedIndexes): Job has failed indexes; failed indexes: 2\n"), r);
  }

  @Test
  void failFastOnAJobThatGoesOn() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("ff", 4, 2, 0));
    sim.start(3);
    sim.fail(3, 1);
    sim.start(0);
    sim.run(0);
    CliRunner.Result r = cli.run("wait", "ff", "--fail-fast", "-q");
    assertEquals(new CliRunner.Result(1, "",
        "error: job/ff: index 3 failed for good (--fail-fast); the Job goes on\n"), r);
  }

  @Test
  void failFastWithoutPerIndexLimitNamesTheIndexOfTheFailedPod() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("ff2", 4, 2, null));
    sim.start(0);
    sim.run(0);
    sim.start(3);
    sim.fail(3, 1);
    CliRunner.Result r = cli.run("wait", "ff2", "--fail-fast", "-q");
    assertEquals(new CliRunner.Result(1, "",
        "error: job/ff2: 1 pod failed (--fail-fast); the Job goes on; failed pods of index 3\n"), r);
  }

  @Test
  void timeoutIsExit3WithProgress() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("slow", 3, 2, null));
    sim.start(0);
    sim.succeed(0);
    CliRunner.Result r = cli.run("wait", "slow", "--timeout=0", "-q");
    assertEquals(new CliRunner.Result(3, "",
        "error: timed out waiting for job/slow: 1/3 succeeded, 0 failed, 0 active; completed indexes: 0\n"), r);
    assertEquals(3, cli.run("wait", "slow", "--timeout=200ms", "-q").exit());
  }

  @Test
  void deletedWhileWaitingIsExit1() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("del", 2, 2, null));
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("wait", "del", "-q"));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 1);
    sim.delete();
    assertEquals(new CliRunner.Result(1, "", "error: job/del was deleted while waiting for it\n"),
        f.get(20, TimeUnit.SECONDS));
  }

  @Test
  void offATerminalProgressGoesToStderrAsLines() {
    finished("p");
    CliRunner.Result r = cli.run("wait", "p");
    assertEquals(0, r.exit());
    String[] lines = r.err().split("\n");
    assertEquals(2, lines.length, r.err());
    assertEquals("job/p: SuccessCriteriaMet(CompletionsReached), Complete(CompletionsReached)", lines[0]);
    assertTrue(lines[1].matches("job/p \\d+s: 2/2 succeeded, 0 failed, 0 active; completed 0,1"), lines[1]);
    assertTrue(!r.err().contains("\r"));
  }

  @Test
  void progressLinesReadTheInjectedClock() {
    finished("pc");
    CliRunner.Result r = cli.clock(TestClock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z"))).run("wait", "pc");
    assertEquals(new CliRunner.Result(0, "job.batch/pc condition met\n",
        "job/pc: SuccessCriteriaMet(CompletionsReached), Complete(CompletionsReached)\n"
            + "job/pc 0s: 2/2 succeeded, 0 failed, 0 active; completed 0,1\n"), r);
  }

  @Test
  void aFiveMinuteTimeoutPassesOnTheTestClockWithItsOneLine() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("five", 3, 2, null));
    sim.start(0);
    sim.succeed(0);
    CliRunner.Result r = cli.clock(TestClock.stepping(java.time.Instant.parse("2026-01-01T00:00:00Z"),
        Duration.ofMinutes(2))).run("wait", "five", "--timeout=5m", "-q");
    assertEquals(new CliRunner.Result(3, "",
        "error: timed out waiting for job/five: 1/3 succeeded, 0 failed, 0 active; completed indexes: 0\n"), r);
    assertTrue(!r.err().contains("\r"));
  }

  @Test
  void onATerminalProgressIsOneLiveLine() {
    finished("t");
    CliRunner.Result r = cli.terminal(true).run("wait", "t");
    assertEquals(0, r.exit());
    assertTrue(r.err().contains("\rjob/t "), r.err());
    assertTrue(r.err().endsWith("\n"), "the live line is ended");
  }
}
