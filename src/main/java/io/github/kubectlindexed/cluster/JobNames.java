package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Names of the Indexed Jobs in a namespace, for shell completion: best effort, bounded in time, never throws. */
public final class JobNames {
  private JobNames() {}

  /** The sorted names of the Indexed Jobs in the session's namespace. */
  static List<String> indexedJobs(Cluster session) {
    return session.client().batch().v1().jobs().inNamespace(session.namespace()).list().getItems().stream()
        .filter(j -> j.getSpec() != null && "Indexed".equals(j.getSpec().getCompletionMode()))
        .map(Job::getMetadata)
        .filter(Objects::nonNull)
        .map(m -> m.getName())
        .filter(Objects::nonNull)
        .sorted()
        .toList();
  }

  /**
   * Connects with {@code connection} and lists the Indexed Jobs, giving up after {@code timeout}: an unreachable or
   * slow cluster, a missing kubeconfig or a refusal all give an empty list.
   */
  public static List<String> lookup(ClientFactory clients, Connection connection, Duration timeout) {
    CompletableFuture<List<String>> names = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try (Cluster session = clients.connect(connection)) {
        names.complete(indexedJobs(session));
      } catch (RuntimeException | Error e) {
        names.complete(List.of());
      }
    }, "job-names");
    worker.setDaemon(true);
    worker.start();
    try {
      return names.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (Exception e) {
      return List.of();
    }
  }
}
