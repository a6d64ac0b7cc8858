package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.testbed.Harness;
import io.github.kubectlindexed.testbed.Proc.Background;
import io.github.kubectlindexed.testbed.Proc.Result;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real control plane started by {@code testbed/up}, and the built plugin driven as a process.
 * {@code TESTBED_KUBECONFIG} must name the testbed's kubeconfig: without it the suite fails rather than skips.
 * What the real-node tier shares is in {@link Harness}.
 */
final class Testbed {
  static final Path ROOT = Harness.ROOT;
  static final Path PLUGIN = Harness.PLUGIN;

  private static final Harness HARNESS = new Harness("testbed/up", "e2e", client -> {});

  private Testbed() {}

  static Path kubeconfig() {
    return HARNESS.kubeconfig();
  }

  /** The testbed's own kubectl (same minor as the apiserver), else kubectl on PATH. */
  static String kubectl() {
    return Harness.kubectl();
  }

  static KubernetesClient client() {
    return HARNESS.client();
  }

  static String namespace(String prefix) {
    return HARNESS.namespace(prefix);
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
    return exec(pluginCommand(namespace, subcommand, args), Map.of(), stdin, Duration.ofMinutes(5));
  }

  static Background start(String namespace, String subcommand, String... args) throws IOException {
    return HARNESS.start(pluginCommand(namespace, subcommand, args), Map.of());
  }

  private static List<String> pluginCommand(String namespace, String subcommand, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PLUGIN.toString());
    cmd.add(subcommand);
    cmd.add("--kubeconfig=" + kubeconfig());
    cmd.add("--namespace=" + namespace);
    cmd.addAll(List.of(args));
    return cmd;
  }

  static Path kubeconfigFor(String namespace) throws IOException {
    return HARNESS.kubeconfigFor(namespace);
  }

  /** Runs {@code kubectl ARGS...} with the given extra environment (PATH gets the plugin's directory first). */
  static Result kubectl(Map<String, String> env, String... args) {
    return HARNESS.kubectl(env, args);
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
    return HARNESS.exec(cmd, env, stdin, timeout);
  }
}
