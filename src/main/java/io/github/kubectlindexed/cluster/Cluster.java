package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.manifest.Manifest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The session-scoped facade over one cluster: the only holder of the client and the namespace. Built from the
 * connection flags by a {@link ClientFactory}; every cluster operation of the plugin is a method here, so no other
 * package ever sees the client.
 */
public final class Cluster implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final boolean explicitNamespace;

  private Cluster(KubernetesClient client, String namespace, boolean explicitNamespace) {
    this.client = client;
    this.namespace = namespace;
    this.explicitNamespace = explicitNamespace;
  }

  /**
   * Wraps a connected client; {@code explicitNamespace} tells whether {@code -n} was given (hints then repeat it).
   * Used by the client factories, the real one and the tests' mock-server one.
   */
  public static Cluster of(KubernetesClient client, String namespace, boolean explicitNamespace) {
    return new Cluster(client, namespace, explicitNamespace);
  }

  KubernetesClient client() {
    return client;
  }

  /** {@code -n} when given, else the kubeconfig context's namespace, else {@code default}. */
  public String namespace() {
    return namespace;
  }

  /** {@code " -n NS"} when {@code -n} was given, else empty: for the commands a hint prints. */
  public String namespaceFlag() {
    return explicitNamespace ? " -n " + namespace : "";
  }

  // --- Jobs ---------------------------------------------------------------------------------------------------

  /** The Job by name, or the newest managed one when {@code name} is null (said on {@code notes}). */
  public Job resolve(String name, Consumer<String> notes) {
    return JobRef.resolve(this, name, notes);
  }

  /** The Job, or null when it does not exist. */
  public Job find(String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  /** The Jobs this plugin made, in this namespace or in all of them. */
  public List<Job> managedJobs(boolean allNamespaces) {
    return JobRef.listManaged(this, allNamespaces);
  }

  /** The names of the Indexed Jobs in the namespace, sorted. */
  public List<String> indexedJobNames() {
    return JobNames.indexedJobs(this);
  }

  /** Creates the manifest's ConfigMaps and Job, owning the ConfigMaps by the Job (or rolling back). */
  public Creator.Created create(Manifest manifest, boolean serverDryRun) {
    return new Creator(client, namespace).create(manifest, serverDryRun);
  }

  /** Server-side apply of a parsed stream; each kubectl-style line goes to {@code done}. */
  public void apply(Manifest objects, boolean serverDryRun, Consumer<String> done) {
    new Applier(client, namespace).apply(objects, serverDryRun, done);
  }

  /** Deletes the Job, its pods and its item ConfigMaps; one line per deleted object. */
  public List<String> delete(String name) {
    return Deleter.delete(client, namespace, name);
  }

  /** GET /version, in kubectl's field names. */
  public Map<String, String> serverVersion() {
    return ServerVersion.of(client);
  }

  // --- reading a Job's pods, status and logs ------------------------------------------------------------------

  /** The Job's pods by completion index. */
  public PodsByIndex pods(JobState job) {
    return PodsByIndex.list(client, namespace, job.name(), job.uid());
  }

  /** One row per index, from the Job and its pods. */
  public StatusReader.Report status(Job job, Instant now) {
    return StatusReader.read(client, namespace, job, now);
  }

  /** Starts listing the pods of the Job named {@code name} before the Job itself is read. */
  public StatusReader.Early statusEarly(String name) {
    return StatusReader.early(client, namespace, name);
  }

  /** A list-then-watch waiter for the Job. */
  public JobWaiter waiter(String name, Clock clock) {
    return new JobWaiter(client, namespace, name, clock);
  }

  /** Fetches the planned logs with bounded concurrency; returns how many could not be read. */
  public int fetchLogs(LogCollector.Plan plan, LogCollector.Options options, LogCollector.Sink sink)
      throws InterruptedException {
    return new LogCollector(client, namespace).fetch(plan, options, sink);
  }

  /** Follows the selected indexes' logs until the Job has finished and the streams have drained, or {@code stop}. */
  public LogFollower.Result followLogs(JobState job, IndexSet selected, LogCollector.Options options,
      LogFollower.Sink sink, AtomicBoolean stop, Clock clock) throws InterruptedException {
    return LogFollower.follow(client, namespace, job, selected, options, sink, stop, clock);
  }

  @Override
  public void close() {
    client.close();
  }
}
