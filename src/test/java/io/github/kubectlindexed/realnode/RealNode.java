package io.github.kubectlindexed.realnode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.testbed.Harness;
import io.github.kubectlindexed.testbed.Proc.Background;
import io.github.kubectlindexed.testbed.Proc.Result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The testbed started by {@code testbed/up --real-node}: a real kubelet, containerd and runc run the pods.
 * The plugin runs as a process, as in the KWOK e2e suite, and what the two tiers share is in {@link Harness}.
 * {@code TESTBED_KUBECONFIG} must name the testbed's kubeconfig: without it the tier fails rather than skips.
 */
final class RealNode {
  static final String NODE = System.getenv().getOrDefault("TESTBED_REAL_NODE_NAME", "real-node-0");
  static final String BUSYBOX = "docker.io/library/busybox";

  // the tier is about the real node: it must be there and Ready
  private static final Harness HARNESS = new Harness("testbed/up --real-node", "rn",
      client -> await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals("True",
          client.nodes().withName(NODE).get().getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getStatus(),
          "node " + NODE + " is Ready")));

  private RealNode() {}

  static KubernetesClient client() {
    return HARNESS.client();
  }

  static String namespace(String prefix) {
    return HARNESS.namespace(prefix);
  }

  static Path kubeconfigFor(String namespace) throws IOException {
    return HARNESS.kubeconfigFor(namespace);
  }

  /** {@code kubectl ARGS...} with the given extra environment; PATH has the plugin's directory first. */
  static Result kubectl(Map<String, String> env, String... args) {
    return HARNESS.kubectl(env, args);
  }

  /** {@code kubectl indexed SUBCOMMAND ARGS...} with namespace {@code ns}, as a user types it. */
  static Result indexed(String ns, String subcommand, String... args) {
    return indexedWithInput(ns, null, subcommand, args);
  }

  static Result indexedWithInput(String ns, String stdin, String subcommand, String... args) {
    return HARNESS.kubectlWithInput(Map.of(), stdin, indexedArgs(ns, subcommand, args));
  }

  /** {@code kubectl indexed ...} started in the background; its stdout can be read while it runs. */
  static Background start(String ns, String subcommand, String... args) throws IOException {
    return HARNESS.startKubectl(Map.of(), indexedArgs(ns, subcommand, args));
  }

  private static String[] indexedArgs(String ns, String subcommand, String... args) {
    List<String> a = new ArrayList<>(List.of("indexed", subcommand, "--kubeconfig=" + HARNESS.kubeconfig(), "-n", ns));
    a.addAll(List.of(args));
    return a.toArray(String[]::new);
  }

  /** The pods of a Job's index, oldest first. */
  static List<Pod> pods(String ns, String job, int index) {
    List<Pod> pods = new ArrayList<>(client().pods().inNamespace(ns)
        .withLabel("batch.kubernetes.io/job-name", job)
        .withLabel("batch.kubernetes.io/job-completion-index", Integer.toString(index)).list().getItems());
    pods.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
        .thenComparing(p -> p.getMetadata().getName()));
    return pods;
  }

  /** The worker's log as the kubelet serves it, through kubectl logs (independent of the plugin). */
  static String kubectlLogs(String ns, String pod, String container) {
    Result r = kubectl(Map.of(), "--kubeconfig=" + HARNESS.kubeconfig(), "-n", ns, "logs", pod, "-c", container);
    if (r.exit() != 0) {
      fail("kubectl logs " + pod + ": " + r);
    }
    return r.out();
  }

  /** The testbed's audit log (testbed/up writes it next to the kubeconfig). */
  static Path auditLog() {
    return HARNESS.kubeconfig().resolveSibling("audit.log");
  }

  static long auditSize() throws IOException {
    return Files.size(auditLog());
  }

  /** Whether the audit log, from byte {@code from} on, has a request of the plugin for {@code resource} in ns. */
  static boolean pluginAskedFor(long from, String ns, String resource) throws IOException {
    try (var ch = Files.newByteChannel(auditLog())) {
      ch.position(from);
      String tail = new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
      return tail.lines().anyMatch(l -> l.contains("\"userAgent\":\"kubectl-indexed/")
          && l.contains("\"resource\":\"" + resource + "\"") && l.contains("\"namespace\":\"" + ns + "\""));
    }
  }
}
