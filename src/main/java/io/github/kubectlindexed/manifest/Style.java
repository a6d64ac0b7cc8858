package io.github.kubectlindexed.manifest;

/** How a pod learns its work item (the tutorial's three ways). Constants are lower-case: they are flag values. */
public enum Style {
  /** The worker reads {@code JOB_COMPLETION_INDEX}; items, if any, are ConfigMap files under {@code /items}. */
  env,
  /** An init container writes the pod's item to the input path on a shared emptyDir. */
  init,
  /** A downwardAPI volume exposes the index annotation as the input file. */
  downward
}
