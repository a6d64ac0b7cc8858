package io.github.kubectlindexed.cluster;

/** Makes a {@link Session} from connection flags. Tests replace it with one backed by fabric8's mock server. */
@FunctionalInterface
public interface ClientFactory {
  Session connect(Connection connection);

  ClientFactory DEFAULT = new KubeconfigClientFactory();
}
