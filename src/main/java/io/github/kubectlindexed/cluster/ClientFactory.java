package io.github.kubectlindexed.cluster;

/** Makes a {@link Cluster} from connection flags. Tests replace it with one backed by fabric8's mock server. */
@FunctionalInterface
public interface ClientFactory {
  Cluster connect(Connection connection);

  /** The kubeconfig factory, logging requests (at -v=6 and more) to stderr. */
  ClientFactory DEFAULT = new KubeconfigClientFactory(new java.io.PrintWriter(System.err, true));

  /** The kubeconfig factory, logging requests (at -v=6 and more) to {@code log}. */
  static ClientFactory kubeconfig(java.io.PrintWriter log) {
    return new KubeconfigClientFactory(log);
  }
}
