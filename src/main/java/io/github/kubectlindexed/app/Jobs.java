package io.github.kubectlindexed.app;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.Creator;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.ManifestStream;
import io.github.kubectlindexed.manifest.Keys;
import io.github.kubectlindexed.manifest.Queueing;
import io.github.kubectlindexed.PluginException;

import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** The one-step workflows on Jobs: create, apply, delete, list. */
public final class Jobs {
  private Jobs() {}

  /** Creates the ConfigMaps and the Job (server dry run: the server checks and keeps nothing). */
  public static Creator.Created create(Cluster cluster, Manifest manifest, boolean serverDryRun) {
    return create(cluster, manifest, serverDryRun, false);
  }

  /**
   * Creates the ConfigMaps and the Job; a Job queued for Kueue is refused first when the cluster has no Kueue
   * (it would stay suspended for ever), unless {@code force}.
   */
  public static Creator.Created create(Cluster cluster, Manifest manifest, boolean serverDryRun, boolean force) {
    return create(cluster, manifest, serverDryRun, force, null);
  }

  /**
   * As above; with {@code notes}, an interrupt of the process (Ctrl-C, SIGTERM: a JVM shutdown hook) during the
   * create stops it between two requests and deletes what it had made, or, when it had finished, announces the Job
   * and how to delete it; either way the lines go to {@code notes}. Nothing is left behind unsaid.
   */
  public static Creator.Created create(Cluster cluster, Manifest manifest, boolean serverDryRun, boolean force,
      Consumer<String> notes) {
    if (!force) {
      requireKueue(cluster, manifest);
    }
    if (serverDryRun || notes == null) {
      return cluster.create(manifest, serverDryRun);
    }
    Creator.Guard guard = new Creator.Guard();
    Thread hook = new Thread(() -> {
      List<String> lines = guard.interrupt();
      if (!lines.isEmpty()) {
        notes.accept("");
        lines.forEach(notes);
      }
    }, "create-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return cluster.create(manifest, false, guard);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it says what exists
      }
    }
  }

  /** Refuses (exit 2, nothing written) a Job labelled for a Kueue queue when the cluster serves no Kueue. */
  public static void requireKueue(Cluster cluster, Manifest manifest) {
    String queue = Queueing.queueOf(manifest.job());
    if (queue != null && !cluster.hasKueue()) {
      throw PluginException.usage("--queue: " + queue + ": the cluster has no Kueue (no workloads."
          + Keys.KUEUE_GROUP + " resource), so the Job would stay suspended for ever; --force creates it anyway");
    }
  }

  /** Server-side apply of a parsed stream, after checking it names no other namespace. */
  public static void apply(Cluster cluster, Manifest objects, String source, boolean serverDryRun,
      Consumer<String> done) {
    ManifestStream.checkNamespace(objects, cluster.namespace(), source);
    cluster.apply(objects, serverDryRun, done);
  }

  /** Deletes the Job with its pods and item ConfigMaps: one kubectl-style line per object. */
  public static List<String> delete(Cluster cluster, String name) {
    return cluster.delete(name);
  }

  /** The plugin's Jobs, by namespace and name. */
  public static List<Job> list(Cluster cluster, boolean allNamespaces) {
    return cluster.managedJobs(allNamespaces).stream()
        .sorted(Comparator.comparing((Job j) -> String.valueOf(j.getMetadata().getNamespace()))
            .thenComparing(j -> j.getMetadata().getName()))
        .toList();
  }
}
