package io.github.kubectlindexed.realnode;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The testbed started by {@code testbed/up --real-node}: a real kubelet, containerd and runc run the pods.
 * The plugin runs as a process, as in the KWOK e2e suite. {@code TESTBED_KUBECONFIG} must name the testbed's
 * kubeconfig: without it the tier fails rather than skips.
 */
final class RealNode {
  static final Path ROOT = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
  static final Path BIN = Path.of(System.getProperty("plugin.bin", ROOT.resolve("target").toString()));
  static final Path PLUGIN = BIN.resolve("kubectl-indexed");
  static final String NODE = System.getenv().getOrDefault("TESTBED_REAL_NODE_NAME", "real-node-0");
  static final String BUSYBOX = "docker.io/library/busybox";

  private static KubernetesClient client;

  private RealNode() {}

  record Result(int exit, String out, String err, long millis) {
    @Override
    public String toString() {
      return "exit " + exit + " after " + millis + " ms\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static Path kubeconfig() {
    String k = System.getenv("TESTBED_KUBECONFIG");
    if (k == null || k.isEmpty() || !Files.isRegularFile(Path.of(k))) {
      fail("TESTBED_KUBECONFIG must name the kubeconfig written by testbed/up --real-node (got " + k + ")");
    }
    return Path.of(k).toAbsolutePath();
  }

  static String kubectl() {
    String k = System.getenv("TESTBED_KUBECTL");
    return k == null || k.isEmpty() ? "kubectl" : k;
  }

  static synchronized KubernetesClient client() {
    if (client == null) {
      try {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig())))
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // the tier is about the real node: it must be there and Ready
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals("True",
          client.nodes().withName(NODE).get().getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getStatus(),
          "node " + NODE + " is Ready"));
    }
    return client;
  }

  /** A namespace of the test's own, ready for pods (its default ServiceAccount exists). */
  static String namespace(String prefix) {
    String name = (prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36))
        .toLowerCase(Locale.ROOT);
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    await().atMost(Duration.ofSeconds(60)).until(
        () -> client().serviceAccounts().inNamespace(name).withName("default").get() != null);
    return name;
  }

  /** A copy of the testbed kubeconfig whose current context defaults to {@code namespace}. */
  static Path kubeconfigFor(String namespace) throws IOException {
    Path copy = Files.createTempFile("kubeconfig-" + namespace, ".yaml");
    Files.copy(kubeconfig(), copy, StandardCopyOption.REPLACE_EXISTING);
    Result r = exec(List.of(kubectl(), "--kubeconfig=" + copy, "config", "set-context", "--current",
        "--namespace=" + namespace), Map.of(), null, Duration.ofSeconds(30));
    if (r.exit() != 0) {
      fail("kubectl config set-context: " + r);
    }
    return copy;
  }

  /** {@code kubectl ARGS...} with the given extra environment; PATH has {@link #BIN} first, for plugin discovery. */
  static Result kubectl(Map<String, String> env, String... args) {
    return kubectlWithInput(env, null, args);
  }

  static Result kubectlWithInput(Map<String, String> env, String stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl());
    cmd.addAll(List.of(args));
    Map<String, String> e = new HashMap<>(env);
    e.put("PATH", BIN + ":" + System.getenv("PATH"));
    return exec(cmd, e, stdin, Duration.ofMinutes(5));
  }

  /** {@code kubectl indexed SUBCOMMAND ARGS...} with namespace {@code ns}, as a user types it. */
  static Result indexed(String ns, String subcommand, String... args) {
    return indexedWithInput(ns, null, subcommand, args);
  }

  static Result indexedWithInput(String ns, String stdin, String subcommand, String... args) {
    List<String> a = new ArrayList<>(List.of("indexed", subcommand, "--kubeconfig=" + kubeconfig(), "-n", ns));
    a.addAll(List.of(args));
    return kubectlWithInput(Map.of(), stdin, a.toArray(String[]::new));
  }

  /** {@code kubectl indexed ...} started in the background; its stdout can be read while it runs. */
  static Background start(String ns, String subcommand, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(kubectl(), "indexed", subcommand, "--kubeconfig=" + kubeconfig(),
        "-n", ns));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("rn-out", ".txt");
    Path err = Files.createTempFile("rn-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PATH", BIN + ":" + System.getenv("PATH"));
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return new Background(pb.start(), out, err, System.nanoTime());
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
    Result r = kubectl(Map.of(), "--kubeconfig=" + kubeconfig(), "-n", ns, "logs", pod, "-c", container);
    if (r.exit() != 0) {
      fail("kubectl logs " + pod + ": " + r);
    }
    return r.out();
  }

  /** The testbed's audit log (testbed/up writes it next to the kubeconfig). */
  static Path auditLog() {
    return kubeconfig().resolveSibling("audit.log");
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

  static Result exec(List<String> cmd, Map<String, String> env, String stdin, Duration timeout) {
    try {
      Path out = Files.createTempFile("rn-out", ".txt");
      Path err = Files.createTempFile("rn-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      if (stdin == null) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (stdin != null) {
        try (var in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        fail("timed out after " + timeout + ": " + cmd + "\n" + Files.readString(err));
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err), ms);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A process running in the background, with its output going to files that can be read at any time. */
  record Background(Process process, Path out, Path err, long startNanos) {
    String outSoFar() {
      try {
        return Files.readString(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Result await(Duration timeout) throws IOException, InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail("background command timed out after " + timeout + "\n" + Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err),
          (System.nanoTime() - startNanos) / 1_000_000);
    }
  }
}
