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
  }

  /** kubectl's {@code get -o json|yaml}: a v1 List of the Job objects themselves, without managedFields. */
  @Test
  void jsonAndYamlPrintAKubectlListOfTheJobs() throws Exception {
    CliRunner.Result json = cli.run("list", "-n", "other", "-o", "json");
    assertEquals(0, json.exit(), json::toString);
    com.fasterxml.jackson.databind.JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertEquals("v1", list.path("apiVersion").asText());
    assertEquals("List", list.path("kind").asText());
    assertEquals(1, list.path("items").size());
    com.fasterxml.jackson.databind.JsonNode job = list.path("items").get(0);
    assertEquals("batch/v1|Job|gamma|other|2", job.path("apiVersion").asText() + "|" + job.path("kind").asText() + "|"
        + job.path("metadata").path("name").asText() + "|" + job.path("metadata").path("namespace").asText() + "|"
        + job.path("spec").path("completions").asInt());
    assertTrue(job.path("metadata").path("managedFields").isMissingNode(), json.out());
    CliRunner.Result yaml = cli.run("list", "-o", "yaml");
    assertEquals(0, yaml.exit(), yaml::toString);
    assertTrue(yaml.out().startsWith("apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  kind: Job\n"),
        yaml.out());
    assertTrue(yaml.out().contains("    name: alpha\n") && yaml.out().contains("    name: beta\n"), yaml.out());
    assertEquals(new CliRunner.Result(0, "apiVersion: v1\nkind: List\nitems: []\nmetadata:\n  resourceVersion: \"\"\n",
        ""), cli.run("list", "-n", "empty", "-o", "yaml"));
  }

  @Test
  void nothingToListSaysSoOnStderr() {
    assertEquals(new CliRunner.Result(0, "", "No Jobs made by kubectl-indexed found in namespace empty.\n"),
        cli.run("list", "-n", "empty"));
    assertEquals(new CliRunner.Result(2, "", "error: --output: \"xml\": expected one of table, wide, name, yaml, json\n"),
        CliRunner.offline().run("list", "-o", "xml"));
  }
}
