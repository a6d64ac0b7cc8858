package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.cluster.MockCluster;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogsCommandTest extends MockClusterCommandTest {
  static final String[] WORDS = {"foo", "bar", "baz", "qux", "xyz"};
  /** The tutorial's Job: index i reverses WORDS[i]; index 2 failed once before it succeeded. */
  private SimJob tutorial() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("indexed-job", 5, 3, null));
    for (int i = 0; i < 5; i++) {
      if (i == 2) {
        String failed = sim.start(2);
        cluster.log(failed, "worker", "rev: cannot open /input/data.txt\n");
        cluster.log(failed, "input", "");
        sim.fail(2, 1);
      }
      String pod = sim.start(i);
      cluster.log(pod, "worker", new StringBuilder(WORDS[i]).reverse() + "\n");
      cluster.log(pod, "input", "wrote " + WORDS[i] + "\n");
      sim.succeed(i);
    }
    sim.complete();
    return sim;
  }

  @Test
  void everyIndexInIndexOrderWithPrefixes() {
    tutorial();
    CliRunner.Result r = cli.run("logs", "indexed-job");
    assertEquals(new CliRunner.Result(0, "[0] oof\n[1] rab\n[2] zab\n[3] xuq\n[4] zyx\n", ""), r);
  }

  @Test
  void oneIndexHasNoPrefixUnlessAsked() {
    tutorial();
    assertEquals(new CliRunner.Result(0, "xuq\n", ""), cli.run("logs", "job/indexed-job", "--index", "3"));
    assertEquals(new CliRunner.Result(0, "[3] xuq\n", ""),
        cli.run("logs", "indexed-job", "--index", "3", "--prefix"));
    assertEquals(new CliRunner.Result(0, "oof\nrab\n", ""),
        cli.run("logs", "indexed-job", "--index", "0-1", "--no-prefix"));
  }

  @Test
  void aRetriedIndexShowsItsSucceededAttemptOrEveryAttempt() {
    tutorial();
    assertEquals(new CliRunner.Result(0, "zab\n", ""), cli.run("logs", "indexed-job", "--index", "2"));
    CliRunner.Result all = cli.run("logs", "indexed-job", "--index", "2", "--attempts", "all");
    assertEquals(0, all.exit());
    assertEquals("rev: cannot open /input/data.txt\n[#2] zab\n", all.out());
    assertEquals("==> index 2 attempt 1: pod indexed-job-2-00003 (Failed), container worker <==\n"
        + "==> index 2 attempt 2: pod indexed-job-2-00004 (Succeeded), container worker <==\n", all.err());
  }

  @Test
  void initContainerAndAllContainers() {
    tutorial();
    assertEquals(new CliRunner.Result(0, "wrote qux\n", ""),
        cli.run("logs", "indexed-job", "--index", "3", "-c", "input"));
    assertEquals(new CliRunner.Result(0, "[0 input] wrote foo\n[0 worker] oof\n[1 input] wrote bar\n[1 worker] rab\n", ""),
        cli.run("logs", "indexed-job", "--index", "0,1", "--all-containers"));
    CliRunner.Result bad = cli.run("logs", "indexed-job", "--index", "3", "-c", "nope");
    assertEquals(2, bad.exit());
    assertEquals("error: -c: container \"nope\" is not in pod indexed-job-3-00005; it has input, worker\n", bad.err());
  }

  /** Two indexes of a Job whose pods have containers a and b and an init container prep; both indexes ended. */
  private void multiContainer() {
    io.fabric8.kubernetes.api.model.batch.v1.Job job = SimJob.indexedJob("multi", 2, 2, null);
    var spec = job.getSpec().getTemplate().getSpec();
    spec.setInitContainers(List.of(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("prep")
        .withImage("busybox").build()));
    spec.setContainers(List.of(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("a").withImage("busybox")
        .build(), new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("b").withImage("busybox").build()));
    SimJob sim = SimJob.create(client, "test", job);
    for (int i = 0; i < 2; i++) {
      String pod = sim.start(i);
      cluster.log(pod, "a", "a" + i + "\n");
      cluster.log(pod, "b", "b" + i + "\n");
      sim.run(i);
      sim.succeed(i);
      var p = client.pods().inNamespace("test").withName(pod).get();
      p.getStatus().setContainerStatuses(List.of(ended("a"), ended("b")));
      client.pods().inNamespace("test").resource(p).updateStatus();
    }
    sim.complete();
  }

  private static io.fabric8.kubernetes.api.model.ContainerStatus ended(String name) {
    return new io.fabric8.kubernetes.api.model.ContainerStatusBuilder().withName(name).withNewState()
        .withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState().build();
  }

  @Test
  void aContainerChosenOutOfSeveralIsNamedOnceOnStderrAsKubectlDoes() {
    multiContainer();
    String said = "Defaulted container \"a\" out of: a, b, prep (init)\n";
    assertEquals(new CliRunner.Result(0, "[0] a0\n[1] a1\n", said), cli.run("logs", "multi"));
    CliRunner.Result followed = cli.run("logs", "multi", "-f");
    assertEquals(0, followed.exit(), followed.toString());
    assertEquals(said, followed.err());
    assertEquals(List.of("[0] a0", "[1] a1"), followed.out().lines().sorted().toList());
    // a container the user named: nothing to say
    assertEquals(new CliRunner.Result(0, "[0] b0\n[1] b1\n", ""), cli.run("logs", "multi", "-c", "b"));
    assertEquals(new CliRunner.Result(0, "[0] b0\n[1] b1\n", ""), cli.run("logs", "multi", "--container=b"));
  }

  @Test
  void theDefaultContainerAnnotationIsHonoured() {
    multiContainer();
    for (String pod : List.of("multi-0-00001", "multi-1-00002")) {
      client.pods().inNamespace("test").withName(pod)
          .edit(p -> new io.fabric8.kubernetes.api.model.PodBuilder(p).editMetadata()
              .addToAnnotations("kubectl.kubernetes.io/default-container", "b").endMetadata().build());
    }
    assertEquals(new CliRunner.Result(0, "[0] b0\n[1] b1\n", ""), cli.run("logs", "multi"));
    assertEquals(new CliRunner.Result(0, "[0] a0\n[1] a1\n", ""), cli.run("logs", "multi", "-c", "a"));
  }

  /**
   * A user who may not read pods/log (issue 12, section 5): one line naming the refused step and exit 4, as the
   * first refusal comes back, with no retry of it and no line per index (RBAC is the same for every pod).
   */
  @Test
  void aUserWhoMayNotReadLogsGetsOneLineAndNoRetries() {
    tutorial();
    String forbidden = "pods \"%s\" is forbidden: User \"system:serviceaccount:test:nolog\" cannot get resource"
        + " \"pods/log\" in API group \"\" in the namespace \"test\"";
    cluster.hook = req -> req.method().equals("GET") && req.path().contains("/log")
        ? MockCluster.status(403, "Forbidden", String.format(forbidden, req.path().replaceAll(".*/pods/([^/]+)/log.*", "$1")))
        : null;
    int before = cluster.requests.size();
    CliRunner.Result r = cli.run("logs", "indexed-job");
    assertEquals(4, r.exit(), r.toString());
    assertEquals("", r.out());
    assertEquals("error: reading the log of pod indexed-job-0-00001 (index 0): "
        + String.format(forbidden, "indexed-job-0-00001") + "\n", r.err());
    // each index's log was asked for once at most (the requests already sent in parallel), never again
    List<String> logGets = cluster.requests.subList(before, cluster.requests.size()).stream()
        .filter(q -> q.path().contains("/log")).map(MockCluster.Req::path).toList();
    assertEquals(logGets.size(), logGets.stream().distinct().count(), logGets.toString());
    // and when following: the same one line (the index it names is whichever log was asked for first)
    CliRunner.Result followed = cli.run("logs", "indexed-job", "-f");
    assertEquals(4, followed.exit(), followed.toString());
    assertEquals("", followed.out());
    assertEquals(1, followed.err().lines().count(), followed.toString());
    assertTrue(followed.err().matches("error: reading the log of pod indexed-job-(\\d)-\\d+ \\(index \\1\\): pods "
        + "\"indexed-job-\\d-\\d+\" is forbidden: .* cannot get resource \"pods/log\" .*\n"),
        followed.err());
  }

  @Test
  void tailIsPassedToTheServer() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("t", 1, 1, null));
    String pod = sim.start(0);
    sim.run(0);
    cluster.log(pod, "worker", "1\n2\n3\n");
    assertEquals(new CliRunner.Result(0, "2\n3\n", ""), cli.run("logs", "t", "--tail", "2"));
    assertTrue(cluster.requests("GET", "/log?").stream().anyMatch(x -> x.path().contains("tailLines=2")));
  }

  @Test
  void anIndexTheJobDoesNotHaveIsExit2() {
    tutorial();
    assertEquals(new CliRunner.Result(2, "", "error: --index: job/indexed-job has indexes 0-4; it has no index 7,9\n"),
        cli.run("logs", "indexed-job", "--index", "3,7,9"));
  }

  @Test
  void anIndexWithoutAPodIsNamedAndTheOthersStillPrint() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("part", 3, 1, null));
    String pod = sim.start(0);
    sim.run(0);
    cluster.log(pod, "worker", "hello\n");
    CliRunner.Result r = cli.run("logs", "part");
    assertEquals(new CliRunner.Result(4, "[0] hello\n", "error: no pod yet for indexes 1,2\n"), r);
  }

  @Test
  void withoutANameUsesTheNewestJob() {
    tutorial();
    CliRunner.Result r = cli.run("logs", "--index", "4");
    assertEquals(new CliRunner.Result(0, "zyx\n",
        "Using job/indexed-job (the newest Job made by kubectl-indexed in namespace test)\n"), r);
  }

  @Test
  void badFlagsAreExit2WithoutTouchingTheCluster() {
    CliRunner offline = CliRunner.offline();
    assertEquals(new CliRunner.Result(2, "", "error: --index: \"x\" is not an index (a non-negative integer) in \"x\"\n"),
        offline.run("logs", "j", "--index", "x"));
    assertEquals(2, offline.run("logs", "j", "--index", "1", "--all").exit());
    assertEquals(2, offline.run("logs", "j", "-c", "a", "--all-containers").exit());
    assertEquals(2, offline.run("logs", "j", "--attempts", "some").exit());
    assertEquals(2, offline.run("logs", "j", "--since-time", "yesterday").exit());
    assertEquals(2, offline.run("logs", "j", "--max-log-requests", "0").exit());
    assertEquals(2, offline.run("logs", "j", "-f", "-p").exit());
    assertEquals(0, offline.connects.get());
  }

  @Test
  void followStreamsEveryIndexPicksUpLaterPodsAndEndsWithTheJob() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("f", 3, 3, null));
    String p0 = sim.start(0);
    sim.run(0);
    cluster.log(p0, "worker", "zero\n");
    String p1 = sim.start(1); // still Pending: waited for, not an error
    cluster.log(p1, "worker", "one\n");
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("logs", "f", "-f"));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("pods") >= 1 && cluster.watches("jobs") >= 1);
    sim.run(1);
    String p2 = sim.start(2); // created later
    cluster.log(p2, "worker", "two\n");
    sim.run(2);
    for (int i = 0; i < 3; i++) {
      sim.succeed(i);
    }
    sim.complete();
    CliRunner.Result r = f.get(30, TimeUnit.SECONDS);
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    List<String> lines = Arrays.stream(r.out().split("\n")).sorted().toList();
    assertEquals(List.of("[0] zero", "[1] one", "[2] two"), lines);
  }

  @Test
  void followMarksARetrysLinesWithItsAttemptAsTheOneShotReadDoes() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("r", 2, 2, null));
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("logs", "r", "-f"));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("pods") >= 1 && cluster.watches("jobs") >= 1);
    String p0 = sim.start(0);
    cluster.log(p0, "worker", "zero\n");
    sim.run(0);
    sim.succeed(0);
    String first = sim.start(1);
    cluster.log(first, "worker", "rev: cannot open /input/data.txt\n");
    sim.run(1);
    sim.fail(1, 1);
    String second = sim.start(1);
    cluster.log(second, "worker", "eno\n");
    sim.run(1);
    sim.succeed(1);
    sim.complete();
    CliRunner.Result r = f.get(30, TimeUnit.SECONDS);
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    List<String> followed = Arrays.stream(r.out().split("\n")).sorted().toList();
    assertEquals(List.of("[0] zero", "[1 #2] eno", "[1] rev: cannot open /input/data.txt"), followed);
    CliRunner.Result all = cli.run("logs", "r", "--attempts", "all");
    assertEquals(0, all.exit());
    assertEquals("[0] zero\n[1] rev: cannot open /input/data.txt\n[1 #2] eno\n", all.out());
    assertEquals(followed, all.out().lines().sorted().toList(), "the follow prints what the one-shot read prints");
  }

  /**
   * A follow stream that ends while its container still runs was cut (an apiserver restart closes it cleanly; the
   * mock server ends every stream at once): the rest is asked for again, and no line is lost or printed twice.
   */
  @Test
  void followAsksAgainForTheRestOfAStreamCutWhileItsContainerRan() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("cut", 1, 1, null));
    String p0 = sim.start(0);
    sim.run(0);
    cluster.log(p0, "worker", "first\n");
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("logs", "cut", "-f"));
    java.util.function.Supplier<Long> streams = () -> cluster.requests.stream()
        .filter(q -> q.path().contains("/pods/" + p0 + "/log") && q.path().contains("follow=true")).count();
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.get() >= 1);
    cluster.log(p0, "worker", "first\nsecond\n"); // written after the first stream ended
    await().atMost(Duration.ofSeconds(20)).until(() -> streams.get() >= 2);
    sim.succeed(0);
    sim.complete();
    CliRunner.Result r = f.get(30, TimeUnit.SECONDS);
    assertEquals(new CliRunner.Result(0, "first\nsecond\n", ""), r);
  }

  /**
   * A pod watch that misses pods (an apiserver restart while fabric8 backs off to watch again) must not end the follow
   * early: when the Job says indexes ran whose pods were never seen, the pods are listed again and their logs read.
   */
  @Test
  void followListsThePodsAgainWhenTheJobEndsWithIndexesItsWatchMissed() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("m", 2, 2, null));
    cluster.failNextWatch("pods", MockCluster.Fault.DEAF);
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("logs", "m", "-f"));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("pods") >= 1 && cluster.watches("jobs") >= 1);
    succeedEach(sim, 2);
    CliRunner.Result r = f.get(30, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err());
    assertEquals(List.of("[0] line 0", "[1] line 1"), Arrays.stream(r.out().split("\n")).sorted().toList());
    assertEquals(2, cluster.watches("pods"), "listed and watched again once");
  }

  /** Indexes 0..n-1 each run once, log "line i" and succeed; then the Job completes. */
  private void succeedEach(SimJob sim, int n) {
    for (int i = 0; i < n; i++) {
      String pod = sim.start(i);
      cluster.log(pod, "worker", "line " + i + "\n");
      sim.run(i);
      sim.succeed(i);
    }
    sim.complete();
  }

  /** An index the Job completed whose pod is gone is named, and the follow says not every log was read. */
  @Test
  void followNamesAnIndexTheJobRanWhosePodIsGone() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("g", 2, 2, null));
    succeedEach(sim, 2);
    client.pods().inNamespace("test").withName(sim.attempts(1).get(0)).delete();
    CliRunner.Result r = cli.run("logs", "g", "-f");
    assertEquals(new CliRunner.Result(4, "[0] line 0\n",
        "error: index 1: its log could not be read: no pod of it was found\n"
            + "error: some logs could not be read\n"), r);
  }

  @Test
  void followOnAFinishedJobPrintsAndEnds() {
    tutorial();
    CliRunner.Result r = cli.run("logs", "indexed-job", "-f", "--index", "1");
    assertEquals(new CliRunner.Result(0, "rab\n", ""), r);
  }

  @Test
  void followSurvivesDroppedWatchesAndABoundOnStreams() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("d", 3, 3, null));
    for (int i = 0; i < 2; i++) {
      String pod = sim.start(i);
      cluster.log(pod, "worker", "line " + i + "\n");
      sim.run(i);
    }
    cluster.failNextWatch("pods", MockCluster.Fault.DROP);
    cluster.failNextWatch("jobs", MockCluster.Fault.GONE);
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(
        () -> cli.run("logs", "d", "-f", "--max-log-requests", "1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.watches("pods") >= 2 && cluster.watches("jobs") >= 2);
    String late = sim.start(2);
    cluster.log(late, "worker", "line 2\n");
    sim.run(2);
    for (int i = 0; i < 3; i++) {
      sim.succeed(i);
    }
    sim.complete();
    CliRunner.Result r = f.get(30, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    assertEquals(List.of("[0] line 0", "[1] line 1", "[2] line 2"), Arrays.stream(r.out().split("\n")).sorted().toList());
  }
}
