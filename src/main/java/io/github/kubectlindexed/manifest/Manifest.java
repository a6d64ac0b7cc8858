package io.github.kubectlindexed.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code create} sends: the ConfigMaps holding the items (first: they must exist before any pod starts) and
 * the Job. The ConfigMaps carry no ownerReferences yet: the Job's uid is known only once it exists.
 */
public record Manifest(List<ConfigMap> configMaps, Job job) {
  public Manifest {
    configMaps = List.copyOf(configMaps);
  }

  /** ConfigMaps first, then the Job: the order they are created and printed in. */
  public List<HasMetadata> objects() {
    List<HasMetadata> all = new ArrayList<>(configMaps.size() + 1);
    all.addAll(configMaps);
    all.add(job);
    return all;
  }
}
