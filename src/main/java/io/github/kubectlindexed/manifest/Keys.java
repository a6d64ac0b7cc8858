package io.github.kubectlindexed.manifest;

/** Every label, annotation and field-manager name the plugin writes or reads: the one place they are spelled. */
public final class Keys {
  private Keys() {}

  /** On the Job, its pods and its item ConfigMaps: what {@code list} and a bare {@code wait} look for. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "kubectl-indexed";
  /** On the item ConfigMaps (and the Job): the Job's name, so {@code delete} finds ConfigMaps with no owner. */
  public static final String ITEMS_JOB_LABEL = "kubectl-indexed.io/job-name";
  /** The field manager of server-side apply. */
  public static final String FIELD_MANAGER = "kubectl-indexed";

  /** Set by the Job controller on pods: label since 1.28 (KEP-4017), annotation since 1.21. */
  public static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
  /** The downward API path of the index annotation. */
  public static final String INDEX_FIELD_PATH = "metadata.annotations['" + INDEX_KEY + "']";
  /** Pod annotation: how many earlier attempts of this index failed (backoffLimitPerIndex). */
  public static final String FAILURE_COUNT_KEY = "batch.kubernetes.io/job-index-failure-count";
  /** Pod labels naming their Job (the first since 1.27). */
  public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  public static final String LEGACY_JOB_NAME_LABEL = "job-name";
  /** Which container {@code kubectl logs} and {@code exec} use when a pod has several. */
  public static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

  /** On a retry Job and its pods: the name of the Job whose indexes it re-runs (the chain's first Job). */
  public static final String RETRY_OF_LABEL = "kubectl-indexed.io/retry-of";
  /** On a retry Job and its pods: its place in the chain, 1 for the first retry. */
  public static final String RETRY_GENERATION_LABEL = "kubectl-indexed.io/retry-generation";
  /** On a retry Job: the uid of the Job it re-runs, so a Job made again under the same name is not taken for it. */
  public static final String RETRY_OF_UID_ANNOTATION = "kubectl-indexed.io/retry-of-uid";
  /** On a retry Job: its index map, the original indexes in the status interval syntax; new index j runs the j-th. */
  public static final String INDEX_MAP_ANNOTATION = "kubectl-indexed.io/index-map";
  /** In a retry Job's containers: the same index map, which the pod resolves before the worker starts. */
  public static final String INDEX_MAP_ENV = "KUBECTL_INDEXED_INDEX_MAP";

  /** On a Job: the Kueue LocalQueue that admits it (Kueue un-suspends the Job when it has quota). */
  public static final String QUEUE_NAME_LABEL = "kueue.x-k8s.io/queue-name";
  /** On a Job: Kueue's WorkloadPriorityClass (or PriorityClass) for its place in the queue. */
  public static final String PRIORITY_CLASS_LABEL = "kueue.x-k8s.io/priority-class";
  /** Kueue's API group and the resource {@code create --queue} checks for before creating a Job that waits on it. */
  public static final String KUEUE_GROUP = "kueue.x-k8s.io";
  public static final String KUEUE_WORKLOADS = "workloads";
}
