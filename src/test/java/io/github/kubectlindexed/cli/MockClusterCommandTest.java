package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.cluster.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Whole-command tests against a fresh mock cluster (namespace "test"), with a client for the test's own setup. */
abstract class MockClusterCommandTest {
  protected MockCluster cluster;
  protected KubernetesClient client;
  protected CliRunner cli;

  @BeforeEach
  void startMockCluster() {
    cluster = new MockCluster();
    client = cluster.client();
    cli = CliRunner.mock(cluster::client, "test");
  }

  @AfterEach
  void stopMockCluster() {
    client.close();
    cluster.close();
  }
}
