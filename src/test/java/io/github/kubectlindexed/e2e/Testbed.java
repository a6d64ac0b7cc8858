package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real control plane started by {@code testbed/up}, and the built plugin driven as a process.
 * {@code TESTBED_KUBECONFIG} must name the testbed's kubeconfig: without it the suite fails rather than skips.
 */
final class Testbed {
  static final Path ROOT = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
  static final Path BIN = Path.of(System.getProperty("plugin.bin", ROOT.resolve("target").toString()));
  static final Path PLUGIN = BIN.resolve("kubectl-indexed");

  private static KubernetesClient client;

  private Testbed() {}

  record Result(int exit, String out, String err, long millis) {
    @Override
    public String toString() {
      return "exit " + exit + " after " + millis + " ms\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static Path kubeconfig() {
    String k = System.getenv("TESTBED_KUBECONFIG");
    if (k == null || k.isEmpty() || !Files.isRegularFile(Path.of(k))) {
      fail("TESTBED_KUBECONFIG must name the kubeconfig written by testbed/up (got " + k + ")");
    }
    return Path.of(k).toAbsolutePath();
  }

  /** The testbed's own kubectl (same minor as the apiserver), else kubectl on PATH. */
  static String kubectl() {
    String k = System.getenv("TESTBED_KUBECTL");
    return k == null || k.isEmpty() ? "kubectl" : k;
  }

  static synchronized KubernetesClient client() {
    if (client == null) {
      try {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
        client = new KubernetesClientBuilder().withConfig(config).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
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

  /** The testbed's run directory: $TESTBED_RUN_DIR when set (as the testbed scripts read it), else testbed/.run. */
  static Path runDir() {
    String d = System.getenv("TESTBED_RUN_DIR");
    return d != null && !d.isEmpty() ? Path.of(d) : ROOT.resolve("testbed/.run");
  }

  /** {@code target/kubectl-indexed SUBCOMMAND --kubeconfig K -n NS ARGS...}. */
  static Result plugin(String namespace, String subcommand, String... args) {
    return pluginWithInput(namespace, null, subcommand, args);
  }

  static Result pluginWithInput(String namespace, String stdin, String subcommand, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PLUGIN.toString());
    cmd.add(subcommand);
    cmd.add("--kubeconfig=" + kubeconfig());
    cmd.add("--namespace=" + namespace);
    cmd.addAll(List.of(args));
    return exec(cmd, Map.of(), stdin, Duration.ofMinutes(5));
  }

  static Background start(String namespace, String subcommand, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(PLUGIN.toString());
    cmd.add(subcommand);
    cmd.add("--kubeconfig=" + kubeconfig());
    cmd.add("--namespace=" + namespace);
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("e2e-out", ".txt");
    Path err = Files.createTempFile("e2e-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new Background(pb.start(), out, err, System.nanoTime());
  }

  /** A copy of the testbed kubeconfig whose current context defaults to {@code namespace}. */
  static Path kubeconfigFor(String namespace) throws IOException {
    Path copy = Files.createTempFile("kubeconfig-" + namespace, ".yaml");
    Files.copy(kubeconfig(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Result r = exec(List.of(kubectl(), "--kubeconfig=" + copy, "config", "set-context", "--current",
        "--namespace=" + namespace), Map.of(), null, Duration.ofSeconds(30));
    if (r.exit() != 0) {
      fail("kubectl config set-context: " + r);
    }
    return copy;
  }

  /** Runs {@code kubectl ARGS...} with the given extra environment (PATH gets {@link #BIN} first). */
  static Result kubectl(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl());
    cmd.addAll(List.of(args));
    Map<String, String> e = new HashMap<>(env);
    e.put("PATH", BIN + ":" + System.getenv("PATH"));
    return exec(cmd, e, null, Duration.ofMinutes(5));
  }

  /** {@code testbed/fail-index NS JOB INDEX CODE first|always}: call before creating the Job. */
  static void failIndex(String namespace, String job, int index, int exitCode, String mode) {
    Result r = exec(List.of(ROOT.resolve("testbed/fail-index").toString(), namespace, job,
        Integer.toString(index), Integer.toString(exitCode), mode), Map.of(), null, Duration.ofSeconds(60));
    if (r.exit() != 0) {
      fail("testbed/fail-index: " + r);
    }
  }

  static void clearFailures(String namespace) {
    exec(List.of(ROOT.resolve("testbed/fail-index").toString(), "--clear", namespace), Map.of(), null,
        Duration.ofSeconds(60));
  }

  static Result exec(List<String> cmd, Map<String, String> env, String stdin, Duration timeout) {
    try {
      Path out = Files.createTempFile("e2e-out", ".txt");
      Path err = Files.createTempFile("e2e-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      if (stdin == null) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
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

  /** A plugin process running in the background, with its output going to files. */
  record Background(Process process, Path out, Path err, long startNanos) {
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
