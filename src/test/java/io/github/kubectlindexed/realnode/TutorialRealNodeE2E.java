package io.github.kubectlindexed.realnode;

import io.fabric8.kubernetes.api.model.Pod;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.kubectlindexed.realnode.RealNode.BUSYBOX;
import static io.github.kubectlindexed.realnode.RealNode.client;
import static io.github.kubectlindexed.realnode.RealNode.indexed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenarios 1 and 2: the design card's commands and each style, on real containers. */
class TutorialRealNodeE2E {

  /** The card's three commands, verbatim, with the namespace from the kubeconfig context. */
  @Test
  void designCardPrintsXuq() throws Exception {
    String ns = RealNode.namespace("card");
    Map<String, String> env = Map.of("KUBECONFIG", RealNode.kubeconfigFor(ns).toString());

    Proc.Result create = RealNode.kubectl(env, "indexed", "create");
    assertEquals(0, create.exit(), create::toString);
    assertEquals("job.batch/indexed-job created\n", create.out());

    Proc.Result wait = RealNode.kubectl(env, "indexed", "wait", "--timeout=300s");
    assertEquals(0, wait.exit(), wait::toString);

    Proc.Result logs = RealNode.kubectl(env, "indexed", "logs", "--index", "3");
    assertEquals(0, logs.exit(), logs::toString);
    assertEquals("xuq\n", logs.out(), "exactly the worker's output, nothing else on stdout");

    Proc.Result all = RealNode.kubectl(env, "indexed", "logs");
    assertEquals(0, all.exit(), all::toString);
    assertEquals("[0] oof\n[1] rab\n[2] zab\n[3] xuq\n[4] zyx\n", all.out());

    for (Pod pod : client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", "indexed-job").list()
        .getItems()) {
      assertEquals(RealNode.NODE, pod.getSpec().getNodeName(), "ran on the real node");
      assertEquals("Succeeded", pod.getStatus().getPhase());
    }
  }

  /** downward: the index itself is the file; each pod prints its own index. */
  @Test
  void downwardStylePrintsEachIndex() {
    String ns = RealNode.namespace("downward");
    Proc.Result create = indexed(ns, "create", "frames", "--image=" + BUSYBOX, "--style=downward",
        "--completions=4", "--", "cat", "/input/data.txt");
    assertEquals(0, create.exit(), create::toString);
    assertWaitOk(ns, "frames");
    for (int i = 0; i < 4; i++) {
      Proc.Result logs = indexed(ns, "logs", "frames", "--index", Integer.toString(i));
      assertEquals(0, logs.exit(), logs::toString);
      assertEquals(Integer.toString(i), logs.out().strip(), "index " + i + ": " + logs);
    }
  }

  /** env style with ConfigMap items: the worker reads /items/$(JOB_COMPLETION_INDEX), expanded by the kubelet. */
  @Test
  void envStyleReadsItsConfigMapItem() {
    String ns = RealNode.namespace("env");
    Proc.Result create = indexed(ns, "create", "words", "--image=" + BUSYBOX, "--style=env",
        "--items=foo,bar,baz", "--items-mode=configmap", "--", "rev", "/items/$(JOB_COMPLETION_INDEX)");
    assertEquals(0, create.exit(), create::toString);
    assertTrue(client().configMaps().inNamespace(ns).withLabel("app.kubernetes.io/managed-by", "kubectl-indexed")
        .list().getItems().size() >= 1, "the items are in ConfigMaps");
    assertWaitOk(ns, "words");
    Proc.Result logs = indexed(ns, "logs", "words");
    assertEquals(0, logs.exit(), logs::toString);
    assertEquals(List.of("[0] oof", "[1] rab", "[2] zab"), logs.out().lines().toList(), logs::toString);
  }

  /** init style with --input-path moved: the init container (real bash) writes there, the worker reads it. */
  @Test
  void initStyleWithOwnInputPath() {
    String ns = RealNode.namespace("init");
    Proc.Result create = indexed(ns, "create", "moved", "--image=" + BUSYBOX, "--items=foo,bar,baz",
        "--input-path=/work/in/item.txt", "--", "rev", "/work/in/item.txt");
    assertEquals(0, create.exit(), create::toString);
    assertWaitOk(ns, "moved");
    Proc.Result logs = indexed(ns, "logs", "moved");
    assertEquals(0, logs.exit(), logs::toString);
    assertEquals("[0] oof\n[1] rab\n[2] zab\n", logs.out());
  }

  static void assertWaitOk(String ns, String job) {
    Proc.Result wait = indexed(ns, "wait", job, "--timeout=300s", "--quiet");
    assertEquals(0, wait.exit(), () -> wait + "\n" + diagnose(ns, job));
  }

  /** Why a Job did not complete: each pod's phase and container states. */
  static String diagnose(String ns, String job) {
    StringBuilder sb = new StringBuilder();
    for (Pod p : client().pods().inNamespace(ns).withLabel("batch.kubernetes.io/job-name", job).list().getItems()) {
      sb.append(p.getMetadata().getName()).append(' ').append(p.getStatus().getPhase()).append(' ')
          .append(p.getStatus().getInitContainerStatuses()).append(' ')
          .append(p.getStatus().getContainerStatuses()).append('\n');
    }
    return sb.toString();
  }
}
