package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.cluster.MockCluster;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListCommandTest {
  MockCluster cluster;
  KubernetesClient client;
  CliRunner cli;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    client = cluster.client();
    cli = CliRunner.mock(cluster::client, "test");
    SimJob a = SimJob.create(client, "test", SimJob.indexedJob("alpha", 3, 2, null));
    a.start(0);
    a.succeed(0);
    a.start(1);
    SimJob b = SimJob.create(client, "test", SimJob.indexedJob("beta", 1, 1, null));
    b.start(0);
    b.succeed(0);
    b.complete();
    SimJob.create(client, "other", SimJob.indexedJob("gamma", 2, 2, null));
    Job foreign = SimJob.indexedJob("foreign", 1, 1, null);
    foreign.getMetadata().getLabels().clear();
    client.batch().v1().jobs().inNamespace("test").resource(foreign).create();
  }

  @AfterEach
  void tearDown() {
    client.close();
    cluster.close();
  }

  @Test
  void tableOfThePluginsJobs() {
    CliRunner.Result r = cli.run("list");
    assertEquals(0, r.exit());
    String[] lines = r.out().split("\n");
    assertEquals(3, lines.length, r.out());
    assertEquals("NAME    COMPLETIONS   SUCCEEDED   FAILED   AGE   STATE", lines[0].replaceAll("AGE +", "AGE   "));
    assertTrue(lines[1].matches("alpha   3 +1 +0 +\\S+ +Running"), lines[1]);
    assertTrue(lines[2].matches("beta    1 +1 +0 +\\S+ +Complete"), lines[2]);
  }

  @Test
  void namesAndAllNamespaces() {
    assertEquals(new CliRunner.Result(0, "job.batch/alpha\njob.batch/beta\n", ""), cli.run("list", "-o", "name"));
    assertEquals(new CliRunner.Result(0, "job.batch/gamma\njob.batch/alpha\njob.batch/beta\n", ""),
        cli.run("list", "-A", "-o", "name"));
    CliRunner.Result json = cli.run("list", "-n", "other", "-o", "json");
    assertTrue(json.out().startsWith("[{\"namespace\":\"other\",\"name\":\"gamma\",\"completions\":2"), json.out());
  }

  @Test
  void nothingToListSaysSoOnStderr() {
    assertEquals(new CliRunner.Result(0, "", "No Jobs made by kubectl-indexed found in namespace empty.\n"),
        cli.run("list", "-n", "empty"));
    assertEquals(2, CliRunner.offline().run("list", "-o", "yaml").exit());
  }
}
