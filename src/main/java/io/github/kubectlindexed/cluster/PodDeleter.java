package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Deletes finished pods by name ({@code logs --output-dir --delete-finished-pods}), a few requests at a time. A pod
 * already gone is not an error. Pods of a Job are deleted one by one, never by label: only the named ones go.
 */
final class PodDeleter {
  private PodDeleter() {}

  /** At most this many delete requests in flight. */
  static final int AT_ONCE = 8;

  static Cluster.PodsDeleted delete(KubernetesClient client, String namespace, Collection<String> pods)
      throws InterruptedException {
    if (pods.isEmpty()) {
      return new Cluster.PodsDeleted(0, 0, null);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(AT_ONCE, pods.size()), r -> {
      Thread t = new Thread(r, "delete-pods");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (String name : pods) {
        results.add(pool.submit(() -> !client.pods().inNamespace(namespace).withName(name).delete().isEmpty()));
      }
      int deleted = 0;
      int failed = 0;
      String error = null;
      int k = 0;
      for (String name : pods) {
        try {
          if (results.get(k).get()) {
            deleted++;
          }
        } catch (ExecutionException e) {
          failed++;
          if (error == null) {
            error = "deleting pod/" + name + ": " + ApiErrors.describe(e.getCause());
          }
        }
        k++;
      }
      return new Cluster.PodsDeleted(deleted, failed, error);
    } finally {
      pool.shutdownNow();
    }
  }
}
