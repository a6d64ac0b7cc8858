package io.github.kubectlindexed.manifest;

/** The pod restart policies a Job accepts; the constant names are the API values. */
public enum RestartPolicy {
  Never,
  OnFailure
}
