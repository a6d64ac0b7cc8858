package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.cluster.MockCluster;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeleteCommandTest extends MockClusterCommandTest {
  private void configMap(String name, String job) {
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name)
        .addToLabels("kubectl-indexed.io/job-name", job).endMetadata().addToData("0", "x").build();
    client.configMaps().inNamespace("test").resource(cm).create();
  }

  @Test
  void deletesTheJobInTheBackgroundAndItsItemConfigMapsEvenWithoutOwner() {
    SimJob.create(client, "test", SimJob.indexedJob("demo", 2, 2, null)).start(0);
    configMap("demo-items-0", "demo");
    configMap("demo-items-1", "demo");
    configMap("other-items-0", "other");
    CliRunner.Result r = cli.run("delete", "job/demo");
    assertEquals(new CliRunner.Result(0,
        "job.batch/demo deleted\nconfigmap/demo-items-0 deleted\nconfigmap/demo-items-1 deleted\n", ""), r);
    assertNull(client.batch().v1().jobs().inNamespace("test").withName("demo").get());
    assertNull(client.configMaps().inNamespace("test").withName("demo-items-0").get());
    assertNotNull(client.configMaps().inNamespace("test").withName("other-items-0").get());
    assertTrue(cluster.requests("DELETE", "/jobs/demo").stream()
        .anyMatch(x -> x.body().contains("\"propagationPolicy\":\"Background\"")), "background propagation");
  }

  @Test
  void everyItemConfigMapIsNamedWhetherDeleteOrTheGarbageCollectorRemovedIt() {
    SimJob.create(client, "test", SimJob.indexedJob("demo", 2, 2, null)).start(0);
    configMap("demo-items-0", "demo");
    configMap("demo-items-1", "demo");
    // the garbage collector wins the race for demo-items-1: it is gone when delete gets to it
    cluster.hook = req -> req.method().equals("DELETE") && req.path().contains("/configmaps/demo-items-1")
        && !req.path().contains("dryRun")
        ? MockCluster.status(404, "NotFound", "configmaps \"demo-items-1\" not found") : null;
    assertEquals(new CliRunner.Result(0,
        "job.batch/demo deleted\nconfigmap/demo-items-0 deleted\nconfigmap/demo-items-1 deleted\n", ""),
        cli.run("delete", "demo"));
    // and when it won the race for every ConfigMap, even before the server's dry run
    SimJob.create(client, "test", SimJob.indexedJob("gc", 1, 1, null)).start(0);
    configMap("gc-items-0", "gc");
    cluster.hook = req -> req.method().equals("DELETE") && req.path().contains("/configmaps/gc-items-0")
        ? MockCluster.status(404, "NotFound", "configmaps \"gc-items-0\" not found") : null;
    assertEquals(new CliRunner.Result(0, "job.batch/gc deleted\nconfigmap/gc-items-0 deleted\n", ""),
        cli.run("delete", "gc"));
  }

  @Test
  void theTutorialJobHasItsItemsInlineAndNoConfigMap() {
    assertEquals(0, cli.run("create").exit(), "the tutorial's Job, as README's example makes it");
    assertTrue(client.configMaps().inNamespace("test").list().getItems().isEmpty(), "its items are inline");
    assertEquals(new CliRunner.Result(0, "job.batch/indexed-job deleted\n", ""), cli.run("delete", "indexed-job"));
  }

  @Test
  void orphanConfigMapsAloneAreDeleted() {
    configMap("gone-items-0", "gone");
    assertEquals(new CliRunner.Result(0, "configmap/gone-items-0 deleted\n", ""), cli.run("delete", "gone"));
  }

  @Test
  void aMissingJobIsExit4() {
    assertEquals(new CliRunner.Result(4, "", "error: jobs.batch \"nope\" not found in namespace \"test\"\n"),
        cli.run("delete", "nope"));
  }

  @Test
  void theNameIsRequired() {
    CliRunner offline = CliRunner.offline();
    CliRunner.Result r = offline.run("delete");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("error: Missing required parameter: 'NAME'"), r.err());
    assertEquals(0, offline.connects.get());
  }

  private static final String CM_FORBIDDEN = "configmaps is forbidden: User \"system:serviceaccount:test:reader\""
      + " cannot list resource \"configmaps\" in API group \"\" in the namespace \"test\"";

  @Test
  void aRefusedConfigMapListingSaysWhichStepAndDeletesNothing() {
    SimJob.create(client, "test", SimJob.indexedJob("demo", 2, 2, null)).start(0);
    configMap("demo-items-0", "demo");
    cluster.forbid("GET", "/configmaps?labelSelector", CM_FORBIDDEN);
    assertEquals(new CliRunner.Result(4, "", "error: delete demo: listing its item ConfigMaps failed, nothing was"
        + " deleted: " + CM_FORBIDDEN + "\n"), cli.run("delete", "demo"));
    assertNotNull(client.batch().v1().jobs().inNamespace("test").withName("demo").get());
    assertTrue(cluster.requests("DELETE", "/").isEmpty(), "no DELETE was sent");
  }

  @Test
  void aRefusedConfigMapDeleteIsFoundByTheDryRunBeforeTheJobIsDeleted() {
    SimJob.create(client, "test", SimJob.indexedJob("demo", 2, 2, null)).start(0);
    configMap("demo-items-0", "demo");
    String no = "configmaps \"demo-items-0\" is forbidden: User \"u\" cannot delete resource \"configmaps\" in API"
        + " group \"\" in the namespace \"test\"";
    cluster.forbid("DELETE", "/configmaps/demo-items-0", no);
    assertEquals(new CliRunner.Result(4, "", "error: delete demo: deleting configmap/demo-items-0 (server dry run)"
        + " failed, nothing was deleted: " + no + "\n"), cli.run("delete", "demo"));
    assertNotNull(client.batch().v1().jobs().inNamespace("test").withName("demo").get());
    assertNotNull(client.configMaps().inNamespace("test").withName("demo-items-0").get());
    assertTrue(cluster.requests("DELETE", "/jobs/demo").stream().allMatch(x -> x.path().contains("dryRun=All")),
        "only a dry run of the Job's delete");
  }

  @Test
  void aRefusedJobReadSaysSo() {
    String no = "jobs.batch \"demo\" is forbidden: User \"u\" cannot get resource \"jobs\" in API group \"batch\""
        + " in the namespace \"test\"";
    cluster.forbid("GET", "/jobs/demo", no);
    assertEquals(new CliRunner.Result(4, "", "error: delete demo: reading job.batch/demo failed, nothing was deleted: "
        + no + "\n"), cli.run("delete", "demo"));
  }
}
