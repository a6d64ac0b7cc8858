package io.github.kubectlindexed.testbed;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.kubectlindexed.testbed.Proc.Background;
import io.github.kubectlindexed.testbed.Proc.Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A testbed started by {@code testbed/up} as a tier of process-driven tests sees it (the KWOK tier's
 * {@code e2e.Testbed}, the real-node tier's {@code realnode.RealNode}): its kubeconfig, kubectl, a client,
 * namespaces of a test's own, and commands run as processes. {@code TESTBED_KUBECONFIG} must name the testbed's
 * kubeconfig: without it the tier fails rather than skips.
 */
public final class Harness {
  public static final Path ROOT = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
  public static final Path BIN = Path.of(System.getProperty("plugin.bin", ROOT.resolve("target").toString()));
  public static final Path PLUGIN = BIN.resolve("kubectl-indexed");

  private final String upCommand;
  private final String tag;
  private final Consumer<KubernetesClient> whenConnected;
  private KubernetesClient client;

  /**
   * @param upCommand how the tier's testbed is started, for the failure when TESTBED_KUBECONFIG is missing
   * @param tag the prefix of the temp files that take a process's output
   * @param whenConnected run once on the first client, before it is handed out (a readiness check)
   */
  public Harness(String upCommand, String tag, Consumer<KubernetesClient> whenConnected) {
    this.upCommand = upCommand;
    this.tag = tag;
    this.whenConnected = whenConnected;
  }

  public Path kubeconfig() {
    String k = System.getenv("TESTBED_KUBECONFIG");
    if (k == null || k.isEmpty() || !Files.isRegularFile(Path.of(k))) {
      fail("TESTBED_KUBECONFIG must name the kubeconfig written by " + upCommand + " (got " + k + ")");
    }
    return Path.of(k).toAbsolutePath();
  }

  /** The testbed's own kubectl (same minor as the apiserver), else kubectl on PATH. */
  public static String kubectl() {
    String k = System.getenv("TESTBED_KUBECTL");
    return k == null || k.isEmpty() ? "kubectl" : k;
  }

  public synchronized KubernetesClient client() {
    if (client == null) {
      try {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig())))
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      whenConnected.accept(client);
    }
    return client;
  }

  /** A namespace of the test's own, ready for pods (its default ServiceAccount exists). */
  public String namespace(String prefix) {
    String name = (prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36))
        .toLowerCase(Locale.ROOT);
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    await().atMost(Duration.ofSeconds(60)).until(
        () -> client().serviceAccounts().inNamespace(name).withName("default").get() != null);
    return name;
  }

  /** A copy of the testbed kubeconfig whose current context defaults to {@code namespace}. */
  public Path kubeconfigFor(String namespace) throws IOException {
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
  public Result kubectl(Map<String, String> env, String... args) {
    return kubectlWithInput(env, null, args);
  }

  public Result kubectlWithInput(Map<String, String> env, String stdin, String... args) {
    return exec(kubectlCommand(args), binFirstOnPath(env), stdin, Duration.ofMinutes(5));
  }

  /** {@code kubectl ARGS...} started in the background, with PATH as for {@link #kubectl(Map, String...)}. */
  public Background startKubectl(Map<String, String> env, String... args) throws IOException {
    return start(kubectlCommand(args), binFirstOnPath(env));
  }

  /** See {@link Proc#exec}; the temp files carry this tier's tag. */
  public Result exec(List<String> cmd, Map<String, String> env, String stdin, Duration timeout) {
    return Proc.exec(tag, cmd, env, stdin, timeout);
  }

  /** See {@link Proc#start}; the temp files carry this tier's tag. */
  public Background start(List<String> cmd, Map<String, String> env) throws IOException {
    return Proc.start(tag, cmd, env);
  }

  private static List<String> kubectlCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static Map<String, String> binFirstOnPath(Map<String, String> env) {
    Map<String, String> e = new HashMap<>(env);
    e.put("PATH", BIN + ":" + System.getenv("PATH"));
    return e;
  }
}
