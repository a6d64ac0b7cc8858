package io.github.kubectlindexed.manifest;

/** Where the items travel: in the pod template's init script, or in ConfigMaps. Lower-case: flag values. */
public enum ItemsMode {
  /** Inline while the pod template stays small, ConfigMaps beyond. */
  auto,
  /** In the init container's script (the tutorial's form). */
  inline,
  /** In ConfigMaps with keys 0..N-1, projected into one directory. */
  configmap
}
