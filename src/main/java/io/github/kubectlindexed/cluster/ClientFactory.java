package io.github.kubectlindexed.cluster;

/** Makes a {@link Cluster} from connection flags. Tests replace it with one backed by fabric8's mock server. */
@FunctionalInterface
public interface ClientFactory {
  Cluster connect(Connection connection);

  ClientFactory DEFAULT = new KubeconfigClientFactory();
}
