package io.github.kubectlindexed.startup;

import io.github.kubectlindexed.cluster.ClientFactory;

import java.util.List;

/**
 * The training run of {@code kubectl-indexed __train}: the training run behind the startup archive (AOT cache on JDK 25+, AppCDS on 17-24).
 * The launcher runs it once per jar and JDK, under {@code -XX:AOTCacheOutput} or {@code -XX:ArchiveClassesAtExit},
 * so that the archive holds the classes the short commands load. Runs each command in this JVM with discarded output
 * and no cluster (a command that tries to connect just fails); always exits 0.
 */
public final class Training {
  private Training() {}

  /** Runs one command of the plugin in this JVM with the given client factory; returns its exit code. */
  @FunctionalInterface
  public interface Runner {
    int run(ClientFactory clients, String... args);
  }
  /** The short commands whose startup matters most; the archive holds what they load. */
  static final List<List<String>> WORKLOAD = List.of(
      List.of("create", "--dry-run=client", "-o", "yaml"),
      List.of("create", "--dry-run=client", "-o", "json"),
      List.of("create", "--dry-run=client"),
      List.of("create", "--style", "init", "--dry-run=client", "-o", "yaml"),
      List.of("create", "--style", "downward", "--dry-run=client", "-o", "yaml"),
      List.of("version", "--client"),
      List.of("version", "--client", "-o", "json"),
      List.of("version", "--client", "-o", "yaml"),
      List.of("--help"),
      List.of("create", "--help"),
      List.of("create", "--style=bogus"),
      List.of("__complete", "cr"),
      List.of("__complete", "create", "--style", ""),
      List.of("completion", "bash"));

  /** Commands against {@link TrainingCluster}: the client path of the long-running commands. */
  public static final List<List<String>> CLIENT_WORKLOAD = List.of(
      List.of("wait", "--quiet"),
      List.of("wait", TrainingCluster.JOB, "--timeout=300s", "--quiet"),
      List.of("status", TrainingCluster.JOB),
      List.of("status", TrainingCluster.JOB, "-o", "json"),
      List.of("logs", TrainingCluster.JOB, "--index", "0"),
      List.of("logs", TrainingCluster.JOB),
      List.of("list"),
      List.of("version"));

  /**
   * Runs {@link #CLIENT_WORKLOAD} against a {@link TrainingCluster} with the real client factory and returns each
   * command's exit code (all 0 when the training covers what it should).
   */
  public static List<Integer> runClientWorkload(Runner runner) throws Exception {
    List<Integer> codes = new java.util.ArrayList<>();
    try (TrainingCluster cluster = new TrainingCluster()) {
      for (List<String> cmd : CLIENT_WORKLOAD) {
        List<String> args = new java.util.ArrayList<>(cmd);
        args.add("--kubeconfig=" + cluster.kubeconfig());
        String[] a = args.toArray(String[]::new);
        codes.add(runner.run(ClientFactory.DEFAULT, a));
      }
    }
    return codes;
  }

  /** The whole training run: the client workload when loopback HTTPS works, then the offline one, three times. */
  public static void run(Runner runner) {
    try {
      runClientWorkload(runner);
    } catch (Exception | LinkageError e) {
      // no loopback, or no jdk.httpserver module: the archive holds the offline commands only
    }
    ClientFactory offline = connection -> {
      throw new IllegalStateException("the training run does not reach a cluster");
    };
    for (int round = 0; round < 3; round++) {
      for (List<String> args : WORKLOAD) {
        try {
          runner.run(offline, args.toArray(String[]::new));
        } catch (RuntimeException e) {
          // a command not built yet, or one that needs a cluster: training goes on
        }
      }
    }
  }
}
