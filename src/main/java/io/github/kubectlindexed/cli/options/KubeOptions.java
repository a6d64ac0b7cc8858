package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.cluster.Connection;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * kubectl's connection flags. kubectl passes none of its own flags to a plugin, so every subcommand takes them
 * itself (after {@code indexed}: {@code kubectl indexed create -n x}).
 */
public class KubeOptions {
  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
      description = "Namespace; defaults to the kubeconfig context's namespace.")
  String namespace;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  String kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use.")
  String context;

  @Option(names = "--cluster", paramLabel = "NAME", description = "The kubeconfig cluster to use.")
  String cluster;

  @Option(names = "--user", paramLabel = "NAME", description = "The kubeconfig user to use.")
  String user;

  @Option(names = "--as", paramLabel = "USER", description = "Username to impersonate.")
  String as;

  @Option(names = "--as-group", paramLabel = "GROUP", description = "Group to impersonate (repeatable).")
  List<String> asGroups = new ArrayList<>();

  @Option(names = {"-s", "--server"}, paramLabel = "URL", description = "The address of the Kubernetes API server.")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token for the API server.")
  String token;

  @Option(names = "--insecure-skip-tls-verify", description = "Do not verify the server's certificate.")
  boolean insecureSkipTlsVerify;

  @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "0",
      converter = GoDuration.RequestTimeoutConverter.class,
      description = "How long to wait for a single request (e.g. 1s, 2m; 0 = client default).")
  Duration requestTimeout;

  @Option(names = {"-v", "--v"}, paramLabel = "N", defaultValue = "0",
      description = "Log level: 6 logs each request (method, URL, status, time) to stderr, 8 adds the bodies"
          + " (cut at 1024 characters; never headers or tokens), 9 adds stack traces to errors.")
  int verbosity;

  public Connection connection() {
    return new Connection(explicitNamespace(), kubeconfig, context, cluster, user, as, List.copyOf(asGroups), server, token,
        insecureSkipTlsVerify, requestTimeout, verbosity);
  }

  /** The namespace given with -n, or null: {@code -n ''} means the context's namespace, as in kubectl. */
  public String explicitNamespace() {
    return namespace == null || namespace.isEmpty() ? null : namespace;
  }

  public int verbosity() {
    return verbosity;
  }
}
