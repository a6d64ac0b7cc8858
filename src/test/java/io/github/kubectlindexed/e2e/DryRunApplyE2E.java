package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static io.github.kubectlindexed.e2e.Testbed.client;
import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-side dry run creates nothing; apply of a dry-run stream is idempotent. */
class DryRunApplyE2E {

  @Test
  void serverDryRunCreatesNothing() throws Exception {
    String ns = Testbed.namespace("dry");
    Proc.Result create = plugin(ns, "create", "dry", "--image=docker.io/library/busybox", "--items=a,b,c",
        "--items-mode=configmap", "--dry-run=server");
    assertEquals(0, create.exit(), create::toString);
    assertTrue(create.out().contains("job.batch/dry created (server dry run)"), create::toString);

    Proc.Result yaml = plugin(ns, "create", "dry", "--image=docker.io/library/busybox", "--items=a,b,c",
        "--items-mode=configmap", "--dry-run=client", "-o", "yaml");
    assertEquals(0, yaml.exit(), yaml::toString);
    Path file = Files.createTempFile("dry", ".yaml");
    Files.writeString(file, yaml.out());
    Proc.Result apply = plugin(ns, "apply", "-f", file.toString(), "--dry-run=server");
    assertEquals(0, apply.exit(), apply::toString);

    assertEquals(0, client().batch().v1().jobs().inNamespace(ns).list().getItems().size());
    assertEquals(0, client().configMaps().inNamespace(ns).withLabel("app.kubernetes.io/managed-by").list()
        .getItems().size());
    assertEquals(0, client().pods().inNamespace(ns).list().getItems().size());
  }

  @Test
  void applyingTheSameStreamTwiceChangesNothing() throws Exception {
    String ns = Testbed.namespace("apply");
    Proc.Result yaml = plugin(ns, "create", "applied", "--image=docker.io/library/busybox", "--items=x,y,z",
        "--items-mode=configmap", "--dry-run=client", "-o", "yaml");
    assertEquals(0, yaml.exit(), yaml::toString);
    Path file = Files.createTempFile("apply", ".yaml");
    Files.writeString(file, yaml.out());

    Proc.Result first = plugin(ns, "apply", "-f", file.toString());
    assertEquals(0, first.exit(), first::toString);
    Map<String, String> before = versions(ns);
    assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith("ConfigMap/")), before::toString);
    assertTrue(before.containsKey("Job/applied"), before::toString);
    Job job = client().batch().v1().jobs().inNamespace(ns).withName("applied").get();
    for (ConfigMap cm : client().configMaps().inNamespace(ns).withLabel("app.kubernetes.io/managed-by",
        "kubectl-indexed").list().getItems()) {
      assertFalse(cm.getMetadata().getOwnerReferences().isEmpty(), "apply gives ConfigMaps the Job as owner");
      assertEquals(job.getMetadata().getUid(), cm.getMetadata().getOwnerReferences().get(0).getUid());
    }

    Proc.Result second = plugin(ns, "apply", "-f", file.toString());
    assertEquals(0, second.exit(), second::toString);
    Map<String, String> jobsAndMapsAfter = versions(ns);
    // The Job's status moves on its own (the controller runs it); compare spec generation and ConfigMap versions.
    assertEquals(before.entrySet().stream().filter(e -> e.getKey().startsWith("ConfigMap/")).toList(),
        jobsAndMapsAfter.entrySet().stream().filter(e -> e.getKey().startsWith("ConfigMap/")).toList());
    assertEquals(before.get("Job/applied#generation"), jobsAndMapsAfter.get("Job/applied#generation"));
  }

  private static Map<String, String> versions(String ns) {
    Map<String, String> m = new TreeMap<>();
    for (HasMetadata cm : client().configMaps().inNamespace(ns).withLabel("app.kubernetes.io/managed-by",
        "kubectl-indexed").list().getItems()) {
      m.put("ConfigMap/" + cm.getMetadata().getName(), cm.getMetadata().getResourceVersion());
    }
    for (Job j : client().batch().v1().jobs().inNamespace(ns).list().getItems()) {
      m.put("Job/" + j.getMetadata().getName(), j.getMetadata().getResourceVersion());
      m.put("Job/" + j.getMetadata().getName() + "#generation", String.valueOf(j.getMetadata().getGeneration()));
    }
    return m;
  }
}
