package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** create --suspend / --queue / --priority-class, the no-Kueue refusal, and how queued Jobs are shown. */
class QueueCommandTest extends MockClusterCommandTest {

  private Job job(String name) {
    return client.batch().v1().jobs().inNamespace("test").withName(name).get();
  }

  /** Discovery answers as a cluster with Kueue installed does. */
  private void kueueInstalled() {
    cluster.server.expect().get().withPath("/apis/kueue.x-k8s.io").andReturn(200, new APIGroupBuilder()
        .withName("kueue.x-k8s.io").addNewVersion().withGroupVersion("kueue.x-k8s.io/v1beta2").withVersion("v1beta2")
        .endVersion().build()).always();
    cluster.server.expect().get().withPath("/apis/kueue.x-k8s.io/v1beta2").andReturn(200,
        new APIResourceListBuilder().withGroupVersion("kueue.x-k8s.io/v1beta2").withResources(
            new APIResourceBuilder().withName("workloads").withKind("Workload").withNamespaced(true).build(),
            new APIResourceBuilder().withName("localqueues").withKind("LocalQueue").withNamespaced(true).build())
            .build()).always();
  }

  @Test
  void queueWithoutKueueIsRefusedInOneLineAndNothingIsCreated() {
    CliRunner.Result r = cli.run("create", "q", "--image", "busybox", "--completions", "2", "--queue", "team-a");
    assertEquals(new CliRunner.Result(2, "", "error: --queue: team-a: the cluster has no Kueue (no"
        + " workloads.kueue.x-k8s.io resource), so the Job would stay suspended for ever; --force creates it"
        + " anyway\n"), r);
    assertNull(job("q"));
  }

  @Test
  void forceCreatesTheQueuedJobAnyway() {
    CliRunner.Result r = cli.run("create", "q", "--image", "busybox", "--completions", "2", "--queue", "team-a",
        "--force");
    assertEquals(new CliRunner.Result(0, "job.batch/q created\n", ""), r);
    assertTrue(job("q").getSpec().getSuspend());
  }

  @Test
  void queueSetsTheLabelsAndSuspendsTheJobWhenKueueIsThere() {
    kueueInstalled();
    CliRunner.Result r = cli.run("create", "q", "--image", "busybox", "--completions", "2", "--queue", "team-a",
        "--priority-class", "high");
    assertEquals(new CliRunner.Result(0, "job.batch/q created\n", ""), r);
    Job j = job("q");
    assertTrue(j.getSpec().getSuspend());
    assertEquals("team-a", j.getMetadata().getLabels().get("kueue.x-k8s.io/queue-name"));
    assertEquals("high", j.getMetadata().getLabels().get("kueue.x-k8s.io/priority-class"));
  }

  @Test
  void suspendCreatesTheJobSuspendedWithoutAQueue() {
    CliRunner.Result r = cli.run("create", "s", "--image", "busybox", "--completions", "2", "--suspend");
    assertEquals(new CliRunner.Result(0, "job.batch/s created\n", ""), r);
    assertTrue(job("s").getSpec().getSuspend());
    assertNull(job("s").getMetadata().getLabels().get("kueue.x-k8s.io/queue-name"));
  }

  @Test
  void theFlagsAreCheckedBeforeConnecting() {
    CliRunner offline = CliRunner.offline();
    assertEquals(new CliRunner.Result(2, "", "error: --priority-class: only with --queue (it orders the Job in a"
        + " Kueue queue)\n"), offline.run("create", "q", "--image", "busybox", "--priority-class", "high"));
    assertEquals(new CliRunner.Result(2, "", "error: --queue: \"team a\": must be a valid label value (at most 63"
        + " letters, digits, '-', '_' or '.', beginning and ending with a letter or digit)\n"),
        offline.run("create", "q", "--image", "busybox", "--queue", "team a"));
    CliRunner.Result dry = offline.run("create", "q", "--image", "busybox", "--completions", "1", "--queue", "lq",
        "--dry-run=client", "-o", "yaml");
    assertEquals(0, dry.exit(), dry.err());
    assertTrue(dry.out().contains("kueue.x-k8s.io/queue-name: lq"), dry.out());
    assertTrue(dry.out().contains("suspend: true"), dry.out());
  }

  /** A Job as Kueue sees it: labelled for a queue, suspended until admitted. */
  private SimJob queued(String name) {
    Job j = SimJob.indexedJob(name, 2, 2, null);
    j.getMetadata().setLabels(new java.util.LinkedHashMap<>(Map.of("app.kubernetes.io/managed-by", "kubectl-indexed",
        "kueue.x-k8s.io/queue-name", "team-a")));
    j.getSpec().setSuspend(true);
    return SimJob.create(client, "test", j);
  }

  @Test
  void statusAndListShowAJobWaitingForAdmission() {
    queued("q");
    CliRunner.Result s = cli.run("status", "q");
    assertEquals(0, s.exit(), s.err());
    assertTrue(s.out().contains("\nState:              Suspended: waiting for admission in queue team-a\n"),
        s.out());
    CliRunner.Result l = cli.clock(TestClock.fixed(Instant.parse("2025-01-01T10:00:00Z"))).run("list");
    assertEquals(0, l.exit(), l.err());
    assertTrue(l.out().contains("Queued"), l.out());
    assertTrue(l.out().contains("waiting for admission in queue team-a"), l.out());
  }

  @Test
  void waitSaysItWaitsForAdmissionThenWhenTheJobWasAdmitted() throws Exception {
    SimJob sim = queued("q");
    java.util.concurrent.CompletableFuture<CliRunner.Result> f =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> cli.run("wait", "q", "--timeout", "60s"));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> cluster.watches("jobs") >= 1);
    // Kueue admits: it un-suspends the Job, and the controller restarts its clock
    Job j = job("q");
    j.getSpec().setSuspend(false);
    client.batch().v1().jobs().inNamespace("test").resource(j).update();
    sim.start(0);
    sim.succeed(0);
    sim.start(1);
    sim.succeed(1);
    sim.complete();
    CliRunner.Result r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.err());
    assertEquals("job.batch/q condition met\n", r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals("job/q: waiting for admission in queue team-a", lines.get(0), r.err());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("job/q: admitted by queue team-a")), r.err());
    assertTrue(lines.indexOf("job/q: waiting for admission in queue team-a")
        < lines.indexOf(lines.stream().filter(l -> l.startsWith("job/q: admitted")).findFirst().orElseThrow()));
  }

  @Test
  void waitOnASuspendedJobKeepsWaitingAndSaysSo() {
    Job j = SimJob.indexedJob("held", 1, 1, null);
    j.getSpec().setSuspend(true);
    SimJob sim = SimJob.create(client, "test", j);
    sim.condition("Suspended", "JobSuspended", "Job suspended");
    CliRunner.Result r = cli.run("wait", "held", "--timeout", "0");
    assertEquals(3, r.exit(), r.err());
    assertTrue(r.err().startsWith("job/held: suspended; waiting until it is resumed (kubectl indexed resume held)\n"),
        r.err());
    CliRunner.Result s = cli.run("status", "held");
    assertTrue(s.out().contains("\nState:              Suspended\n"), s.out());
  }
}
