package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cluster.ClientFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A cluster that cannot be reached is one line and exit 4, quickly, with the real client factory. */
class UnreachableClusterTest {

  static final String LINE = "cannot reach the cluster: connection refused or host unreachable"
      + " (check --server, --context or KUBECONFIG)";
  static final String TUTORIAL_NOTE = "using the tutorial's values (name indexed-job, 5 items, init style); "
      + "pass --image to set your own\n";

  /** Every command that talks to the cluster says the same line, whatever it was doing. */
  @ParameterizedTest
  @ValueSource(strings = {"status", "wait", "logs", "list", "delete x", "create --image=busybox --completions=2 x",
      "create --dry-run=server --image=busybox --completions=2 x", "run --image=busybox --completions=2 x", "apply -f -"})
  void refusedConnectionIsOneLineAndExitFour(String command) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
    args.addAll(java.util.List.of("--server=https://127.0.0.1:1", "--insecure-skip-tls-verify", "-n", "x"));
    CliRunner.Result r = new CliRunner(ClientFactory.DEFAULT)
        .stdin("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\nspec:\n  completionMode: Indexed\n")
        .run(args.toArray(String[]::new));
    assertEquals(new CliRunner.Result(4, "", "error: " + LINE + "\n"), r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"create", "run"})
  void theTutorialSaysItsNoteThenTheSameLine(String command) {
    CliRunner.Result r = new CliRunner(ClientFactory.DEFAULT)
        .run(command, "--server=https://127.0.0.1:1", "--insecure-skip-tls-verify", "-n", "x");
    assertEquals(new CliRunner.Result(4, "", TUTORIAL_NOTE + "error: " + LINE + "\n"), r);
  }

  @org.junit.jupiter.api.Test
  void versionWarnsAndStillPrintsTheClientVersion() {
    CliRunner.Result r = new CliRunner(ClientFactory.DEFAULT)
        .run("version", "--server=https://127.0.0.1:1", "--insecure-skip-tls-verify");
    assertEquals(0, r.exit(), r::toString);
    org.junit.jupiter.api.Assertions.assertTrue(r.out().startsWith("Plugin Version: kubectl-indexed "), r::toString);
    assertEquals("warning: no server version: " + LINE + "\n", r.err());
  }
}
