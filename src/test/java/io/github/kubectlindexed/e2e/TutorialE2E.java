package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.github.kubectlindexed.e2e.Testbed.client;
import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tutorial, in each of its three styles, on the real Job controller. */
class TutorialE2E {

  @ParameterizedTest
  @ValueSource(strings = {"init", "env", "downward"})
  void tutorialInEachStyle(String style) {
    String ns = Testbed.namespace("tut-" + style);
    Proc.Result create = plugin(ns, "create", "--style=" + style);
    assertEquals(0, create.exit(), create::toString);
    assertTrue(create.out().contains("job.batch/indexed-job created"), create::toString);
    assertTrue(create.err().contains("tutorial"), create::toString);

    Proc.Result wait = plugin(ns, "wait", "indexed-job", "--timeout=300s");
    assertEquals(0, wait.exit(), wait::toString);

    Job job = client().batch().v1().jobs().inNamespace(ns).withName("indexed-job").get();
    assertEquals("0-4", job.getStatus().getCompletedIndexes());
    assertEquals("kubectl-indexed", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));

    List<Pod> pods = client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", "indexed-job")
        .list().getItems();
    assertEquals(5, pods.size(), "one pod per index, no retries");
    for (Pod pod : pods) {
      String index = pod.getMetadata().getLabels().get("batch.kubernetes.io/job-completion-index");
      assertNotNull(index, "the controller labels pods with their index");
      Container worker = pod.getSpec().getContainers().get(0);
      switch (style) {
        case "env" -> {
          assertEquals("JOB_COMPLETION_INDEX", worker.getEnv().get(0).getName(), "declared first");
          assertEquals(1, worker.getEnv().stream().filter(e -> e.getName().equals("JOB_COMPLETION_INDEX")).count(),
              "the controller did not append a second one");
          assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getProjected() != null
              || v.getConfigMap() != null), "the items' ConfigMap is mounted");
        }
        case "init" -> {
          assertEquals("input", pod.getSpec().getInitContainers().get(0).getName());
          Volume input = volume(pod, "input");
          assertNotNull(input.getEmptyDir(), "input is an emptyDir");
          assertTrue(worker.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("input")));
        }
        case "downward" -> {
          Volume input = volume(pod, "input");
          assertNotNull(input.getDownwardAPI(), "input is a downwardAPI volume");
          assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
              input.getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath());
        }
        default -> throw new IllegalArgumentException(style);
      }
    }

    Proc.Result logs = plugin(ns, "logs", "indexed-job", "--index", "3");
    assertEquals(0, logs.exit(), logs::toString);
    assertTrue(logs.out().contains("index=3"), logs::toString);
    assertFalse(logs.out().contains("index=2"), logs::toString);

    Proc.Result status = plugin(ns, "status", "indexed-job");
    assertEquals(0, status.exit(), status::toString);
    assertTrue(status.out().contains("0-4"), status::toString);
    assertEquals(5, status.out().lines().filter(l -> l.contains("Succeeded")).count(), status::toString);
  }

  /** The tutorial's three commands, exactly as typed, through kubectl's plugin discovery. */
  @Test
  void tutorialAsTypedThroughKubectl() throws Exception {
    String ns = Testbed.namespace("typed");
    Path kubeconfig = Testbed.kubeconfigFor(ns);
    Map<String, String> env = Map.of("KUBECONFIG", kubeconfig.toString());

    Proc.Result create = Testbed.kubectl(env, "indexed", "create");
    assertEquals(0, create.exit(), create::toString);
    assertEquals("job.batch/indexed-job created\n", create.out());

    Proc.Result wait = Testbed.kubectl(env, "indexed", "wait", "--timeout=300s");
    assertEquals(0, wait.exit(), wait::toString);

    Proc.Result logs = Testbed.kubectl(env, "indexed", "logs", "--index", "3");
    assertEquals(0, logs.exit(), logs::toString);
    assertTrue(logs.out().contains("job=indexed-job index=3"), logs::toString);

    assertEquals("0-4", client().batch().v1().jobs().inNamespace(ns).withName("indexed-job").get()
        .getStatus().getCompletedIndexes());
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name + " in " + pod.getMetadata().getName()));
  }
}
