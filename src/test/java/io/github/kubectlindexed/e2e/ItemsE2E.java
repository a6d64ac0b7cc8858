package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.github.kubectlindexed.e2e.Testbed.client;
import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 1,000 work items delivered through ConfigMaps, at parallelism 100, then garbage-collected with the Job. */
class ItemsE2E {

  @Test
  void thousandItemsThroughConfigMaps() throws Exception {
    String ns = Testbed.namespace("items");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      // data, never code: shell and kubelet metacharacters, quotes, non-ASCII
      items.add(switch (i % 5) {
        case 0 -> "item-" + i;
        case 1 -> "$(JOB_COMPLETION_INDEX) $$ `id` " + i;
        case 2 -> "it's \"quoted\" \\ " + i;
        case 3 -> "ünïcödé ✓ " + i;
        default -> "-n * " + i;
      });
    }
    Path file = Files.createTempFile("items", ".txt");
    Files.writeString(file, String.join("\n", items) + "\n", StandardCharsets.UTF_8);

    Proc.Result create = plugin(ns, "create", "work", "--image=docker.io/library/busybox",
        "--items-file=" + file, "--items-mode=configmap", "--parallelism=100", "--", "sh", "-c",
        "cat /input/data.txt");
    assertEquals(0, create.exit(), create::toString);
    assertTrue(create.out().contains("job.batch/work created"), create::toString);

    // KWOK mounts no volumes: read the items back from the ConfigMaps the plugin made
    List<ConfigMap> cms = client().configMaps().inNamespace(ns)
        .withLabel("app.kubernetes.io/managed-by", "kubectl-indexed").list().getItems();
    assertFalse(cms.isEmpty());
    Map<String, String> data = new HashMap<>();
    Job job = client().batch().v1().jobs().inNamespace(ns).withName("work").get();
    for (ConfigMap cm : cms) {
      assertTrue(cm.getMetadata().getOwnerReferences().stream()
              .anyMatch(o -> o.getUid().equals(job.getMetadata().getUid())),
          cm.getMetadata().getName() + " is owned by the Job");
      assertTrue(Serialized.size(cm) < 1024 * 1024, cm.getMetadata().getName() + " is under 1 MiB");
      data.putAll(cm.getData());
    }
    assertEquals(1000, data.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(items.get(i), data.get(Integer.toString(i)), "item " + i);
    }

    Proc.Result wait = plugin(ns, "wait", "work", "--timeout=300s", "--quiet");
    assertEquals(0, wait.exit(), wait::toString);
    assertEquals("0-999", client().batch().v1().jobs().inNamespace(ns).withName("work").get()
        .getStatus().getCompletedIndexes());

    Set<String> cmNames = cms.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
    List<Pod> pods = client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", "work")
        .list().getItems();
    assertEquals(1000, pods.size());
    for (Pod pod : pods) {
      Set<String> mounted = new TreeSet<>();
      for (Volume v : pod.getSpec().getVolumes()) {
        if (v.getName().startsWith("kube-api-access-")) {
          continue; // the service account token's volume, with the cluster's kube-root-ca.crt
        }
        if (v.getProjected() != null) {
          for (VolumeProjection src : v.getProjected().getSources()) {
            if (src.getConfigMap() != null && !Boolean.TRUE.equals(src.getConfigMap().getOptional())) {
              mounted.add(src.getConfigMap().getName()); // the optional ones are the spares, for growing it
            }
          }
        }
        if (v.getConfigMap() != null) {
          mounted.add(v.getConfigMap().getName());
        }
      }
      assertEquals(cmNames, mounted, pod.getMetadata().getName() + " mounts every item ConfigMap");
    }

    Proc.Result delete = plugin(ns, "delete", "work");
    assertEquals(0, delete.exit(), delete::toString);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertTrue(client().configMaps().inNamespace(ns).withLabel("app.kubernetes.io/managed-by", "kubectl-indexed")
          .list().getItems().isEmpty(), "item ConfigMaps are gone");
      assertTrue(client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", "work").list()
          .getItems().isEmpty(), "pods are gone");
    });
  }

  static final class Serialized {
    static int size(ConfigMap cm) {
      return io.fabric8.kubernetes.client.utils.Serialization.asJson(cm).getBytes(StandardCharsets.UTF_8).length;
    }
  }
}
