package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** retry, and the chain as status, wait, list and delete see it, against the mock cluster. */
class RetryCommandTest extends MockClusterCommandTest {
  static final String CHAIN_NOTE = "following the retry chain of job/demo: demo, demo-retry-1 (--no-chain: one Job)\n";

  private SimJob demo(int completions) {
    Job job = SimJob.indexedJob("demo", completions, 2, 0);
    job.getSpec().getTemplate().getSpec().getContainers().get(0).setCommand(List.of("cat", "/input/data.txt"));
    return SimJob.create(client, "test", job);
  }

  /** demo: indexes 0 and 2 succeed, 1 and 3 fail for good; the Job has failed. */
  private SimJob failedDemo() {
    SimJob sim = demo(4);
    for (int i = 0; i < 4; i++) {
      sim.start(i);
      if (i % 2 == 0) {
        sim.succeed(i);
      } else {
        sim.fail(i, 3);
      }
    }
    sim.condition("FailureTarget", "FailedIndexes", "Job has failed indexes");
    sim.condition("Failed", "FailedIndexes", "Job has failed indexes");
    return sim;
  }

  @Test
  void aRunningJobIsRefused() {
    demo(3).start(0);
    int posts = cluster.requests("POST", "/").size();
    assertEquals(new CliRunner.Result(2, "", "error: retry: job/demo is still running; wait for it to finish"
        + " (kubectl indexed wait demo) or choose indexes of a finished Job\n"), cli.run("retry", "demo"));
    assertEquals(posts, cluster.requests("POST", "/").size(), "nothing was created");
  }

  @Test
  void anIndexTheJobDoesNotHaveIsRefused() {
    failedDemo();
    assertEquals(new CliRunner.Result(2, "", "error: --index: job/demo has indexes 0-3; it has no index 9\n"),
        cli.run("retry", "demo", "--index", "1,9"));
  }

  @Test
  void theFailedIndexesBecomeALinkedJobAndTheChainIsFollowed() {
    failedDemo();
    assertEquals(new CliRunner.Result(0, "job.batch/demo-retry-1 created\n", "job/demo-retry-1 re-runs 2 of"
        + " job/demo's indexes (1,3); its workers start through sh, which gives them their original index\n"),
        cli.run("retry", "demo"));
    Job r = client.batch().v1().jobs().inNamespace("test").withName("demo-retry-1").get();
    assertEquals(2, r.getSpec().getCompletions());
    assertEquals("1,3", r.getMetadata().getAnnotations().get("kubectl-indexed.io/index-map"));
    assertEquals("demo", r.getMetadata().getLabels().get("kubectl-indexed.io/retry-of"));
    assertEquals("1", r.getMetadata().getLabels().get("kubectl-indexed.io/retry-generation"));

    CliRunner.Result running = cli.run("retry", "demo");
    assertEquals(2, running.exit(), running.toString());
    assertTrue(running.err().startsWith("error: retry: job/demo-retry-1 is still running"), running.err());

    SimJob retry = SimJob.attach(client, "test", "demo-retry-1");
    retry.start(0);
    retry.succeed(0); // original index 1
    retry.start(1);
    retry.fail(1, 3); // original index 3
    retry.condition("Failed", "FailedIndexes", "Job has failed indexes");

    CliRunner.Result status = cli.run("status", "demo");
    assertEquals(0, status.exit(), status.toString());
    assertEquals(CHAIN_NOTE, status.err());
    List<String> rows = status.out().lines().filter(l -> l.matches("^\\d+\\s.*")).toList();
    assertEquals(4, rows.size(), status.out());
    assertTrue(rows.get(0).matches("0\\s+Succeeded\\s+1\\s+demo-0-.*"), rows.get(0));
    assertTrue(rows.get(1).matches("1\\s+Succeeded \\(retry-1\\)\\s+2\\s+demo-retry-1-0-.*"), rows.get(1));
    assertTrue(rows.get(2).matches("2\\s+Succeeded\\s+1\\s+demo-2-.*"), rows.get(2));
    assertTrue(rows.get(3).matches("3\\s+Failed \\(retry-1\\)\\s+2\\s+demo-retry-1-1-.*"), rows.get(3));
    assertTrue(status.out().contains("Progress:           3/4 succeeded"), status.out());
    assertTrue(status.out().contains("Completed Indexes:  0-2\n"), status.out());

    assertEquals(new CliRunner.Result(0, "3\n", CHAIN_NOTE), cli.run("status", "demo", "--failed-set"));
    assertEquals(new CliRunner.Result(0, "1,3\n", ""), cli.run("status", "demo", "--no-chain", "--failed-set"));

    assertEquals(new CliRunner.Result(1, "", CHAIN_NOTE + "error: job/demo across its retry chain (demo,"
        + " demo-retry-1): index 3 did not succeed; re-run them: kubectl indexed retry demo\n"),
        cli.run("wait", "demo", "--quiet"));

    CliRunner.Result list = cli.run("list");
    assertTrue(list.out().lines().anyMatch(l -> l.startsWith("demo-retry-1 ") && l.endsWith("Failed (retry-1 of demo)")),
        list.out());

    assertEquals(0, cli.run("retry", "demo").exit());
    Job second = client.batch().v1().jobs().inNamespace("test").withName("demo-retry-2").get();
    assertEquals("3", second.getMetadata().getAnnotations().get("kubectl-indexed.io/index-map"));
    assertEquals("2", second.getMetadata().getLabels().get("kubectl-indexed.io/retry-generation"));
    SimJob again = SimJob.attach(client, "test", "demo-retry-2");
    again.start(0);
    again.succeed(0);
    again.complete();
    assertEquals(new CliRunner.Result(0, "job.batch/demo condition met\n",
        "following the retry chain of job/demo: demo, demo-retry-1, demo-retry-2 (--no-chain: one Job)\n"),
        cli.run("wait", "demo", "--quiet"));
    assertEquals(new CliRunner.Result(0, "\n",
        "following the retry chain of job/demo: demo, demo-retry-1, demo-retry-2 (--no-chain: one Job)\n"),
        cli.run("status", "demo", "--failed-set"));

    CliRunner.Result del = cli.run("delete", "demo");
    assertEquals(0, del.exit(), del.toString());
    assertTrue(del.err().endsWith("its 2 retries remain: demo-retry-1, demo-retry-2 (delete them with: kubectl"
        + " indexed delete demo --with-retries)\n"), del.err());
    assertNotNull(client.batch().v1().jobs().inNamespace("test").withName("demo-retry-1").get());
  }

  @Test
  void deleteWithRetriesTakesTheChain() {
    failedDemo();
    assertEquals(0, cli.run("retry", "demo").exit());
    CliRunner.Result del = cli.run("delete", "demo", "--with-retries");
    assertEquals(0, del.exit(), del.toString());
    int retryLine = del.out().indexOf("job.batch/demo-retry-1 deleted");
    assertTrue(retryLine >= 0 && retryLine < del.out().indexOf("job.batch/demo deleted"), del.out());
    assertNull(client.batch().v1().jobs().inNamespace("test").withName("demo-retry-1").get());
    assertNull(client.batch().v1().jobs().inNamespace("test").withName("demo").get());
  }

  @Test
  void nothingLeftToRetryIsAUsageError() {
    SimJob sim = demo(2);
    for (int i = 0; i < 2; i++) {
      sim.start(i);
      sim.succeed(i);
    }
    sim.complete();
    assertEquals(new CliRunner.Result(2, "", "error: retry: every index of job/demo succeeded; pass --index to"
        + " re-run chosen ones\n"), cli.run("retry", "demo"));
    CliRunner.Result chosen = cli.run("retry", "demo", "--index", "1", "--name", "again", "--dry-run=client", "-o",
        "name");
    assertEquals(0, chosen.exit(), chosen.toString());
    assertEquals("job.batch/again\n", chosen.out());
  }
}
