package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cluster.ClientFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A cluster that cannot be reached is one line and exit 4, quickly, with the real client factory. */
class UnreachableClusterTest {

  @ParameterizedTest
  @ValueSource(strings = {"status", "wait", "logs", "list"})
  void refusedConnectionIsOneLineAndExitFour(String command) {
    CliRunner.Result r = new CliRunner(ClientFactory.DEFAULT)
        .run(command, "--server=https://127.0.0.1:1", "--insecure-skip-tls-verify", "-n", "x");
    assertEquals(4, r.exit(), r::toString);
    assertEquals("", r.out());
    assertEquals("error: cannot reach the cluster: connection refused or host unreachable"
        + " (check --server, --context or KUBECONFIG)\n", r.err());
  }
}
