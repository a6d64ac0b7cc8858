package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.manifest.Keys;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.manifest.IndexedJobRequest;
import io.github.kubectlindexed.manifest.ItemsMode;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.Manifests;
import io.github.kubectlindexed.manifest.Style;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableKubernetesMockClient(crud = true)
class CreatorTest {
  KubernetesMockServer server;
  KubernetesClient client;

  /** Three ConfigMaps' worth of items (each ConfigMap holds at most 900 KiB). */
  static Manifest manifest(String name) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      items.add(i + "-" + "z".repeat(1000));
    }
    return Manifests.build(IndexedJobRequest.builder().name(name).image("busybox").style(Style.init).items(items)
        .itemsFlag("--items-file").itemsMode(ItemsMode.configmap).itemsModeGiven(true).build());
  }

  @Test
  void createsConfigMapsThenTheJobAndMakesTheJobTheirOwner() {
    Manifest m = manifest("work");
    assertEquals(3, m.configMaps().size());
    Creator.Created created = new Creator(client, "test").create(m, false);

    Job job = client.batch().v1().jobs().inNamespace("test").withName("work").get();
    assertNotNull(job);
    assertEquals(created.job().getMetadata().getUid(), job.getMetadata().getUid());
    List<ConfigMap> cms = client.configMaps().inNamespace("test")
        .withLabel(Keys.ITEMS_JOB_LABEL, "work").list().getItems();
    assertEquals(3, cms.size());
    for (ConfigMap cm : cms) {
      assertEquals(Keys.MANAGED_BY, cm.getMetadata().getLabels().get(Keys.MANAGED_BY_LABEL));
      List<OwnerReference> refs = cm.getMetadata().getOwnerReferences();
      assertEquals(1, refs.size());
      OwnerReference ref = refs.get(0);
      assertEquals("batch/v1", ref.getApiVersion());
      assertEquals("Job", ref.getKind());
      assertEquals("work", ref.getName());
      assertEquals(job.getMetadata().getUid(), ref.getUid());
      assertEquals(Boolean.TRUE, ref.getBlockOwnerDeletion());
      assertEquals(Boolean.FALSE, ref.getController());
    }
    assertEquals(List.of("work-items-0", "work-items-1", "work-items-2"),
        created.configMaps().stream().map(c -> c.getMetadata().getName()).toList());
    assertTrue(created.configMaps().stream().allMatch(c -> c.getMetadata().getOwnerReferences().size() == 1));
  }

  @Test
  void anExistingJobIsAlreadyExistsAndTheNewConfigMapsAreDeleted() {
    client.batch().v1().jobs().inNamespace("test").resource(new JobBuilder().withNewMetadata().withName("work")
        .endMetadata().build()).create();
    PluginException e = assertThrows(PluginException.class,
        () -> new Creator(client, "test").create(manifest("work"), false));
    assertEquals(4, e.exitCode());
    assertEquals("jobs.batch \"work\" already exists; deleted what this command had created: "
        + "configmap/work-items-0, configmap/work-items-1, configmap/work-items-2", e.getMessage());
    assertTrue(client.configMaps().inNamespace("test").list().getItems().isEmpty());
  }

  @Test
  void anExistingJobWithItsConfigMapsIsAlreadyExistsAndTheirConfigMapsStay() {
    Creator creator = new Creator(client, "test");
    creator.create(manifest("work"), false);
    PluginException e = assertThrows(PluginException.class, () -> creator.create(manifest("work"), false));
    assertEquals(4, e.exitCode());
    assertEquals("jobs.batch \"work\" already exists", e.getMessage());
    assertEquals(3, client.configMaps().inNamespace("test").list().getItems().size());
  }

  @Test
  void withoutItemsOnlyTheJobIsCreated() {
    Manifest m = Manifests.build(IndexedJobRequest.builder().name("plain").image("busybox").completions(3).build());
    Creator.Created c = new Creator(client, "test").create(m, false);
    assertTrue(c.configMaps().isEmpty());
    assertEquals("plain", c.job().getMetadata().getName());
    assertEquals(Keys.MANAGED_BY,
        client.batch().v1().jobs().inNamespace("test").withName("plain").get().getMetadata().getLabels()
            .get(Keys.MANAGED_BY_LABEL));
  }

  @Test
  void serverDryRunSendsDryRunAllOnEveryRequest() throws Exception {
    int before = server.getRequestCount();
    new Creator(client, "test").create(manifest("dry"), true);
    int requests = server.getRequestCount() - before;
    assertEquals(4, requests, "three ConfigMaps and the Job, no owner patches");
    for (int i = 0; i < before; i++) {
      server.takeRequest(1, TimeUnit.SECONDS);
    }
    for (int i = 0; i < requests; i++) {
      RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
      assertEquals("POST", r.getMethod());
      assertTrue(r.getPath().contains("dryRun=All"), r.getPath());
    }
  }

  /** A client of {@code server} that does not retry a failed request (the failure is the point). */
  static KubernetesClient noRetries(KubernetesMockServer server) {
    try (KubernetesClient base = server.createClient()) {
      return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base.getConfiguration())
          .withRequestRetryBackoffLimit(0).build()).build();
    }
  }

  @Test
  void aFailedJobPostDeletesTheConfigMapsAndSaysSo() {
    KubernetesMockServer strict = new KubernetesMockServer(false);
    strict.init();
    try (KubernetesClient c = noRetries(strict)) {
      String cms = "/api/v1/namespaces/test/configmaps";
      for (int i = 0; i < 3; i++) {
        strict.expect().post().withPath(cms).andReturn(201, new ConfigMapBuilder().withNewMetadata()
            .withName("work-items-" + i).endMetadata().build()).once();
        strict.expect().delete().withPath(cms + "/work-items-" + i).andReturn(200, new StatusBuilder()
            .withStatus("Success").build()).once();
      }
      strict.expect().post().withPath("/apis/batch/v1/namespaces/test/jobs").andReturn(422, new StatusBuilder()
          .withCode(422).withStatus("Failure").withReason("Invalid")
          .withMessage("Job.batch \"work\" is invalid: spec.template: something").build()).once();
      PluginException e = assertThrows(PluginException.class,
          () -> new Creator(c, "test").create(manifest("work"), false));
      assertEquals(4, e.exitCode());
      assertEquals("creating job.batch/work: Job.batch \"work\" is invalid: spec.template: something; deleted what"
          + " this command had created: configmap/work-items-0, configmap/work-items-1, configmap/work-items-2",
          e.getMessage());
    } finally {
      strict.destroy();
    }
  }

  @Test
  void aFailedOwnerPatchDeletesTheJobAndConfigMapsAndReportsWhatIsLeft() {
    KubernetesMockServer strict = new KubernetesMockServer(false);
    strict.init();
    try (KubernetesClient c = noRetries(strict)) {
      String cms = "/api/v1/namespaces/test/configmaps";
      String jobs = "/apis/batch/v1/namespaces/test/jobs";
      for (int i = 0; i < 3; i++) {
        strict.expect().post().withPath(cms).andReturn(201, new ConfigMapBuilder().withNewMetadata()
            .withName("work-items-" + i).endMetadata().build()).once();
      }
      strict.expect().post().withPath(jobs).andReturn(201, new JobBuilder().withNewMetadata().withName("work")
          .withUid("uid-1").endMetadata().build()).once();
      strict.expect().patch().withPath(cms + "/work-items-0").andReturn(201, new ConfigMapBuilder()
          .withNewMetadata().withName("work-items-0").endMetadata().build()).once();
      strict.expect().patch().withPath(cms + "/work-items-1").andReturn(403, new StatusBuilder().withCode(403)
          .withStatus("Failure").withReason("Forbidden").withMessage("patch forbidden").build()).once();
      strict.expect().delete().withPath(jobs + "/work").andReturn(200, new StatusBuilder()
          .withStatus("Success").build()).once();
      strict.expect().delete().withPath(cms + "/work-items-0").andReturn(200, new StatusBuilder()
          .withStatus("Success").build()).once();
      strict.expect().delete().withPath(cms + "/work-items-1").andReturn(200, new StatusBuilder()
          .withStatus("Success").build()).once();
      strict.expect().delete().withPath(cms + "/work-items-2").andReturn(500, new StatusBuilder().withCode(500)
          .withStatus("Failure").withMessage("etcd unavailable").build()).always();
      PluginException e = assertThrows(PluginException.class,
          () -> new Creator(c, "test").create(manifest("work"), false));
      assertEquals(4, e.exitCode());
      assertEquals("making job.batch/work the owner of configmap/work-items-1: patch forbidden; deleted what this"
          + " command had created: job.batch/work, configmap/work-items-0, configmap/work-items-1; could not delete"
          + " configmap/work-items-2 (etcd unavailable), so it is left in namespace test: remove it with kubectl"
          + " delete -n test configmap/work-items-2", e.getMessage());
    } finally {
      strict.destroy();
    }
  }

  @Test
  void theOwnerPatchIsAMergePatchOfOwnerReferencesOnly() {
    Job job = new JobBuilder().withNewMetadata().withName("w").withUid("u-1").endMetadata().build();
    assertEquals("{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"name\":\"w\","
        + "\"uid\":\"u-1\",\"controller\":false,\"blockOwnerDeletion\":true}]}}", Creator.ownerPatch(job));
    assertFalse(Creator.ownerPatch(job).contains("\"data\""));
  }
}
