package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
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

  /** As {@link #create(Manifest, boolean)}, stoppable by an interrupt through {@code guard}. */
  public Creator.Created create(Manifest manifest, boolean serverDryRun, Creator.Guard guard) {
    return new Creator(client, namespace, guard).create(manifest, serverDryRun);
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

  // --- steering a Job (scale, suspend, resume) ---------------------------------------------------------------

  /** Where the Job's pods find their items: decides whether growing it needs new items, and whether it can. */
  public ItemSource itemSource(Job job) {
    return Steering.itemSource(job);
  }

  /** Where a Job's pods find their items. */
  public enum ItemSource {
    /** no items: the worker reads JOB_COMPLETION_INDEX (env style) or the index file (downward style) */
    NONE,
    /** in the init container's script: the pod template cannot change, so new indexes cannot get items */
    INLINE,
    /** in the ConfigMaps the Job was created with (immutable), and its template projects no spare for more */
    CONFIGMAPS,
    /** in ConfigMaps, and the template also projects optional spare ones ({@code NAME-items-<k>}) for new indexes */
    CONFIGMAPS_WITH_SPARES
  }

  /** The Job's item ConfigMaps as they are: their names, and how many indexes have an item (highest key + 1). */
  public record StoredItems(java.util.Set<String> configMaps, int items) {}

  /** Lists the Job's item ConfigMaps (by label); a failure to list is the command's failure. */
  public StoredItems storedItems(String job) {
    return Steering.storedItems(client, namespace, job);
  }

  /**
   * Creates the item ConfigMaps of new indexes, each owned by {@code job}, before the Job grows; on a failure deletes
   * the ones it made and says so (or exactly what is left). Returns their names.
   */
  public List<String> createItemConfigMaps(Job job, List<ConfigMap> configMaps) {
    return Steering.createItemConfigMaps(client, namespace, job, configMaps);
  }

  /**
   * Deletes item ConfigMaps this command created (the Job did not grow); returns the sentence for the error: what
   * was deleted, and what is left with the command that removes it.
   */
  public String deleteItemConfigMaps(List<String> names) {
    return Steering.deleteConfigMaps(client, namespace, names);
  }

  /**
   * Merge-patches {@code spec} of the Job read at {@code resourceVersion} (null: unguarded); returns the Job as the
   * server now has it.
   */
  public Job patchJobSpec(String name, String resourceVersion, Map<String, Object> spec) {
    return Steering.patchSpec(client, namespace, name, resourceVersion, spec);
  }

  /** True when the cluster serves Kueue's {@code workloads.kueue.x-k8s.io} (so a queued Job can be admitted). */
  public boolean hasKueue() {
    return Steering.servesKueueWorkloads(client);
  }

  // --- retry chains -----------------------------------------------------------------------------------------

  /** The retry Jobs of {@code original} (label retry-of, same uid), in no particular order. */
  public List<Job> retriesOf(Job original) {
    return Chains.retriesOf(client, namespace, original);
  }

  /** The items stored in the Job's item ConfigMaps by index, or null when it has no item ConfigMap. */
  public Map<Integer, String> storedItemsOf(String job) {
    return Chains.items(client, namespace, job);
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

  /**
   * One index's accounting row ({@code status -o csv|json}): null fields are unknown. {@code pods} are every attempt,
   * oldest first; {@code pod} is the one that speaks for the index (the succeeded one, else the newest).
   */
  public record IndexAccount(int index, String item, String state, int attempts, String pod, List<String> pods,
      String node, Instant created, Instant scheduled, Instant started, Instant finished, Long durationSeconds,
      Integer exitCode, String reason) {}

  /**
   * Hands {@code rows} one accounting row per index, in index order, reading the pods a page at a time: memory is
   * one small slot per index, not the pods.
   */
  public void accounting(Job job, Instant now, Consumer<IndexAccount> rows) {
    Accounting.read(client, namespace, job, now, rows);
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

  /** What deleting pods did: how many were deleted, how many deletes failed, and the first failure's line. */
  public record PodsDeleted(int deleted, int failed, String error) {}

  /** Deletes the named pods of the namespace (a pod already gone is skipped, not counted). */
  public PodsDeleted deletePods(java.util.Collection<String> pods) throws InterruptedException {
    return PodDeleter.delete(client, namespace, pods);
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
