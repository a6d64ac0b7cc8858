package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cluster.JobWaiter.Goal;
import io.github.kubectlindexed.cluster.JobWaiter.Kind;
import io.github.kubectlindexed.cluster.JobWaiter.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobWaiterTest {
  MockCluster cluster;
  KubernetesClient client;
  final List<JobState> seen = new CopyOnWriteArrayList<>();
  final JobWaiter.Listener listener = seen::add;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    client = cluster.client();
  }

  @AfterEach
  void tearDown() {
    client.close();
    cluster.close();
  }

  private SimJob job(String name, int completions, Integer perIndex) {
    return SimJob.create(client, "test", SimJob.indexedJob(name, completions, 2, perIndex));
  }

  private CompletableFuture<Outcome> waitAsync(String name, Goal goal, boolean failFast, Duration timeout) {
    KubernetesClient own = cluster.client();
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new JobWaiter(own, "test", name, Clock.systemUTC()).tick(Duration.ofMillis(100))
            .await(goal, failFast, timeout, listener);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        own.close();
      }
    });
  }

  private Outcome waitHere(String name, Goal goal, boolean failFast, Duration timeout) throws InterruptedException {
    return new JobWaiter(client, "test", name, Clock.systemUTC()).await(goal, failFast, timeout, listener);
  }

  private static Outcome done(CompletableFuture<Outcome> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aJobThatHadAlreadyFinishedIsSeenAtOnce() throws Exception {
    SimJob sim = job("done", 2, null);
    for (int i = 0; i < 2; i++) {
      sim.start(i);
      sim.succeed(i);
    }
    sim.complete();
    Outcome o = waitHere("done", Goal.COMPLETE, false, null);
    assertEquals(Kind.MET, o.kind());
    assertEquals("job/done completed: 2/2 succeeded", o.message());
    assertEquals(0, cluster.watches("jobs"), "no watch needed for a finished Job");
  }

  @Test
  void completesWhileWatched() throws Exception {
    SimJob sim = job("w", 3, null);
    CompletableFuture<Outcome> f = waitAsync("w", Goal.COMPLETE, false, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 1);
    for (int i = 0; i < 3; i++) {
      sim.start(i);
      sim.run(i);
      sim.succeed(i);
    }
    assertFalse(f.isDone(), "not done before the Complete condition");
    sim.complete();
    Outcome o = done(f);
    assertEquals(Kind.MET, o.kind());
    assertEquals("0-2", o.job().completedIndexes().toString());
    assertTrue(seen.stream().anyMatch(s -> s.active() == 1), "progress states were reported");
  }

  /** Found on the testbed: an apiserver restart made every request fail for seconds; the wait must ride it out. */
  @Test
  void ridesOutAnApiserverThatIsAwayForManyRequests() throws Exception {
    SimJob sim = job("away", 2, null);
    // the first read goes through; then the watch and every re-read fail, 12 requests in a row
    cluster.outage("jobs", 1, 12);
    // fabric8 gives a failed watch up at once (its own reconnects would hide the outage from the waiter)
    KubernetesClient own = cluster.server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0)
        .withWatchReconnectLimit(0).withWatchReconnectInterval(10).endConfig());
    CompletableFuture<Outcome> f = CompletableFuture.supplyAsync(() -> {
      try (own) {
        return new JobWaiter(own, "test", "away", Clock.systemUTC()).tick(Duration.ofMillis(100))
            .await(Goal.COMPLETE, false, null, listener);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(60)).until(() -> cluster.outageLeft("jobs") == 0);
    assertFalse(f.isDone(), "still waiting after the outage: " + (f.isDone() ? f.get().message() : ""));
    for (int i = 0; i < 2; i++) {
      sim.start(i);
      sim.succeed(i);
    }
    sim.complete();
    Outcome o = done(f);
    assertEquals(Kind.MET, o.kind(), o::message);
  }

  @Test
  void failureIsReportedAsSoonAsItIsDecided() throws Exception {
    SimJob sim = job("ft", 4, 0);
    CompletableFuture<Outcome> f = waitAsync("ft", Goal.COMPLETE, false, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 1);
    sim.start(1);
    sim.fail(1, 3);
    sim.start(3);
    sim.fail(3, 3);
    sim.start(0); // still running: only FailureTarget, no Failed yet
    sim.condition("FailureTarget", "FailedIndexes", "Job has failed indexes");
    Outcome o = done(f);
    assertEquals(Kind.IMPOSSIBLE, o.kind());
    assertEquals("job/ft failed: FailureTarget (FailedIndexes): Job has failed indexes; failed indexes: 1,3",
        o.message());
    assertFalse(o.job().finished(), "decided before the Failed condition");
  }

  @Test
  void forFailedIsTheMirrorImage() throws Exception {
    SimJob ok = job("ok", 1, null);
    ok.start(0);
    ok.succeed(0);
    ok.complete();
    Outcome o = waitHere("ok", Goal.FAILED, false, null);
    assertEquals(Kind.IMPOSSIBLE, o.kind());
    assertTrue(o.message().startsWith("job/ok succeeded (Complete (CompletionsReached)"), o.message());

    SimJob bad = job("bad", 1, null);
    bad.start(0);
    bad.fail(0, 1);
    bad.condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    Outcome b = waitHere("bad", Goal.FAILED, false, null);
    assertEquals(Kind.MET, b.kind());
  }

  @Test
  void failFastStopsWhenAnIndexFailsForGoodWhileTheJobGoesOn() throws Exception {
    SimJob sim = job("ff", 5, 1);
    CompletableFuture<Outcome> f = waitAsync("ff", Goal.COMPLETE, true, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 1);
    sim.start(2);
    sim.fail(2, 1); // first failure: retried, not yet failed for good
    sim.start(2);
    sim.start(0);
    sim.run(0);
    assertFalse(f.isDone());
    sim.fail(2, 1); // over backoffLimitPerIndex=1
    Outcome o = done(f);
    assertEquals(Kind.IMPOSSIBLE, o.kind());
    assertEquals("job/ff: index 2 failed for good (--fail-fast); the Job goes on", o.message());
    assertTrue(o.job().conditions().isEmpty(), "the Job itself had not failed");
  }

  @Test
  void failFastWithoutPerIndexLimitStopsAtTheFirstFailedPod() throws Exception {
    SimJob sim = job("ff2", 3, null);
    sim.start(0);
    sim.fail(0, 2);
    Outcome o = waitHere("ff2", Goal.COMPLETE, true, null);
    assertEquals(Kind.IMPOSSIBLE, o.kind());
    assertEquals("job/ff2: 1 pod failed (--fail-fast); the Job goes on", o.message());
    Outcome without = waitHere("ff2", Goal.COMPLETE, false, Duration.ZERO);
    assertEquals(Kind.TIMEOUT, without.kind(), "without --fail-fast a failed pod decides nothing");
  }

  @Test
  void resumesAfterADroppedWatch() throws Exception {
    SimJob sim = job("drop", 1, null);
    cluster.failNextWatch("jobs", MockCluster.Fault.DROP);
    CompletableFuture<Outcome> f = waitAsync("drop", Goal.COMPLETE, false, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 2);
    sim.start(0);
    sim.succeed(0);
    sim.complete();
    assertEquals(Kind.MET, done(f).kind());
  }

  @Test
  void resumesAfter410GoneWithoutMissingATransition() throws Exception {
    SimJob sim = job("gone", 1, null);
    sim.start(0);
    cluster.failNextWatch("jobs", MockCluster.Fault.GONE);
    cluster.failNextWatch("jobs", MockCluster.Fault.GONE);
    CompletableFuture<Outcome> f = waitAsync("gone", Goal.COMPLETE, false, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 1);
    // the transition happens while the watch is gone: the re-read must see it
    sim.succeed(0);
    sim.complete();
    assertEquals(Kind.MET, done(f).kind());
    assertTrue(cluster.requests("GET", "/jobs/gone").size() >= 2, "re-read the Job after 410");
  }

  @Test
  void aJobDeletedWhileWaitedOnEndsTheWait() throws Exception {
    SimJob sim = job("del", 2, null);
    CompletableFuture<Outcome> f = waitAsync("del", Goal.COMPLETE, false, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("jobs") >= 1);
    sim.delete();
    Outcome o = done(f);
    assertEquals(Kind.DELETED, o.kind());
    assertEquals("job/del was deleted while waiting for it", o.message());
  }

  @Test
  void timeoutReportsProgressSoFar() throws Exception {
    SimJob sim = job("slow", 3, null);
    sim.start(0);
    sim.succeed(0);
    sim.start(1);
    Outcome once = waitHere("slow", Goal.COMPLETE, false, Duration.ZERO);
    assertEquals(Kind.TIMEOUT, once.kind());
    assertEquals("timed out waiting for job/slow: 1/3 succeeded, 0 failed, 1 active; completed indexes: 0",
        once.message());
    Outcome later = waitHere("slow", Goal.COMPLETE, false, Duration.ofMillis(300));
    assertEquals(Kind.TIMEOUT, later.kind());
  }

  @Test
  void aMissingJobIsAClusterError() {
    PluginException e = assertThrows(PluginException.class, () -> waitHere("nope", Goal.COMPLETE, false, null));
    assertEquals(4, e.exitCode());
  }

  @Test
  void judgeIsNullSafe() {
    assertEquals(Kind.DELETED, JobWaiter.judge(null, Goal.COMPLETE, false).orElseThrow().kind());
    Job bare = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata().withName("x").endMetadata()
        .build();
    assertTrue(JobWaiter.judge(JobState.of(bare), Goal.COMPLETE, true).isEmpty());
  }

  @Test
  void successCriteriaMetDecidesSuccessButCompleteIsWhatCompleteWaitsFor() {
    Job j = SimJob.indexedJob("s", 3, 1, null);
    j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().addNewCondition()
        .withType("SuccessCriteriaMet").withStatus("True").withReason("SuccessPolicy").endCondition().build());
    assertTrue(JobWaiter.judge(JobState.of(j), Goal.COMPLETE, false).isEmpty(),
        "--for=complete waits for Complete, which follows once the pods have terminated");
    assertEquals(Kind.IMPOSSIBLE, JobWaiter.judge(JobState.of(j), Goal.FAILED, false).orElseThrow().kind(),
        "--for=failed gives up as soon as success is decided");
    j.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder()
        .withType("Complete").withStatus("True").withReason("SuccessPolicy").build());
    assertEquals(Kind.MET, JobWaiter.judge(JobState.of(j), Goal.COMPLETE, false).orElseThrow().kind());
    j.getStatus().getConditions().forEach(c -> c.setStatus("False"));
    assertTrue(JobWaiter.judge(JobState.of(j), Goal.COMPLETE, false).isEmpty());
  }
}
