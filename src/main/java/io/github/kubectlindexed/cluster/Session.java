package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A connected client and the namespace commands work in: {@code -n} when given, else the kubeconfig
 * context's namespace, else {@code default}. {@code explicitNamespace} tells whether {@code -n} was given.
 */
public record Session(KubernetesClient client, String namespace, boolean explicitNamespace) implements AutoCloseable {
  @Override
  public void close() {
    client.close();
  }
}
