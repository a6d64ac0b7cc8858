package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.cluster.MockCluster;
import io.github.kubectlindexed.app.RunJob;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest extends MockClusterCommandTest {
  static final String[] WORDS = {"foo", "bar", "baz", "qux", "xyz"};
  private SimJob attachWhenCreated(String name) {
    await().atMost(Duration.ofSeconds(20))
        .until(() -> client.batch().v1().jobs().inNamespace("test").withName(name).get() != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.watches("jobs") >= 2 && cluster.watches("pods") >= 1);
    return SimJob.attach(client, "test", name);
  }

  @Test
  void aBareRunIsTheTutorialStartToFinish() throws Exception {
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("run", "--quiet"));
    SimJob sim = attachWhenCreated("indexed-job");
    for (int i = 0; i < 5; i++) {
      String pod = sim.start(i);
      cluster.log(pod, "worker", new StringBuilder(WORDS[i]).reverse() + "\n");
      sim.run(i);
      sim.succeed(i);
    }
    sim.complete();
    CliRunner.Result r = f.get(60, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = Arrays.stream(r.out().split("\n")).sorted().toList();
    assertEquals(List.of("[0] oof", "[1] rab", "[2] zab", "[3] xuq", "[4] zyx"), lines);
    assertTrue(r.err().contains("job.batch/indexed-job created\n"), r.err());
    assertTrue(r.err().endsWith("job.batch/indexed-job condition met\n"), r.err());
  }

  @Test
  void aRetrysLinesAreMarkedWithItsAttempt() throws Exception {
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("run", "again",
        "--image=docker.io/library/busybox", "--completions=2", "--quiet", "--", "true"));
    SimJob sim = attachWhenCreated("again");
    String p0 = sim.start(0);
    cluster.log(p0, "worker", "zero\n");
    sim.run(0);
    sim.succeed(0);
    String first = sim.start(1);
    cluster.log(first, "worker", "try one\n");
    sim.run(1);
    sim.fail(1, 1);
    String second = sim.start(1);
    cluster.log(second, "worker", "try two\n");
    sim.run(1);
    sim.succeed(1);
    sim.complete();
    CliRunner.Result r = f.get(60, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    assertEquals(List.of("[0] zero", "[1 #2] try two", "[1] try one"),
        Arrays.stream(r.out().split("\n")).sorted().toList());
  }

  @Test
  void aFailingJobExitsOneLikeWait() throws Exception {
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("run", "bad",
        "--image=docker.io/library/busybox", "--completions=2", "--quiet", "--", "false"));
    SimJob sim = attachWhenCreated("bad");
    String pod = sim.start(0);
    cluster.log(pod, "worker", "boom\n");
    sim.run(0);
    sim.fail(0, 1);
    sim.condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    sim.condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    CliRunner.Result r = f.get(60, TimeUnit.SECONDS);
    assertEquals(1, r.exit(), r.toString());
    assertEquals("[0] boom\n", r.out());
    // FailureTarget or Failed, whichever the wait saw first: both decide the failure
    assertTrue(r.err().matches("(?s).*\nerror: job/bad failed: (FailureTarget|Failed) \\(BackoffLimitExceeded\\): "
        + "Job has reached the specified backoff limit\n"), r.err());
  }

  @Test
  void timeoutIsExit3AndTheJobKeepsRunning() {
    CliRunner.Result r = cli.run("run", "slow", "--image=busybox", "--completions=2", "--timeout=0", "--quiet");
    assertEquals(3, r.exit(), r.toString());
    assertTrue(r.err().endsWith("error: timed out waiting for job/slow: 0/2 succeeded, 0 failed, 0 active\n"),
        r.err());
    assertTrue(client.batch().v1().jobs().inNamespace("test").withName("slow").get() != null);
  }

  @Test
  void interruptTellsHowToReattachOrDeletes() {
    SimJob.create(client, "test", SimJob.indexedJob("ij", 1, 1, null));
    StringWriter text = new StringWriter();
    RunJob.interrupted(Cluster.of(cluster.client(), "test", true), "ij", false, l -> text.append(l).append('\n'));
    assertEquals("\ninterrupted: job/ij keeps running. Reattach with:\n  kubectl indexed wait ij -n test\n"
        + "  kubectl indexed logs -f ij -n test\nor delete it with: kubectl indexed delete ij -n test\n",
        text.toString());
    StringWriter deleted = new StringWriter();
    RunJob.interrupted(Cluster.of(cluster.client(), "test", false), "ij", true,
        l -> deleted.append(l).append('\n'));
    assertEquals("\njob.batch/ij deleted\n", deleted.toString());
    assertNull(client.batch().v1().jobs().inNamespace("test").withName("ij").get());
  }

  @Test
  void badFlagsAreExit2WithoutTouchingTheCluster() {
    CliRunner offline = CliRunner.offline();
    CliRunner.Result r = offline.run("run", "x", "--image=busybox", "--completions=2", "--timeout=5parsecs");
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals(0, offline.connects.get());
  }
}
