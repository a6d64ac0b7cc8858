package io.github.kubectlindexed.cluster;

import java.time.Duration;
import java.util.List;

/**
 * kubectl's connection flags, as given (null when not given). Built by the CLI, turned into a client by a
 * {@link ClientFactory}.
 */
public record Connection(
    String namespace,
    String kubeconfig,
    String context,
    String cluster,
    String user,
    String as,
    List<String> asGroups,
    String server,
    String token,
    boolean insecureSkipTlsVerify,
    Duration requestTimeout,
    int verbosity) {

  public static Connection defaults() {
    return new Connection(null, null, null, null, null, null, List.of(), null, null, false, null, 0);
  }

  public Connection withNamespace(String ns) {
    return new Connection(ns, kubeconfig, context, cluster, user, as, asGroups, server, token,
        insecureSkipTlsVerify, requestTimeout, verbosity);
  }
}
