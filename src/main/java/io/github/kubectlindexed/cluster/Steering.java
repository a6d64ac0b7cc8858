package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.kubectlindexed.manifest.Keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes that steer a running Job: its parallelism, its completions (KEP-3715), its suspension, and the items
 * of indexes added by growing it. Each spec change is one JSON merge patch guarded by the resourceVersion the
 * caller read, so a Job changed in between is refused by the server (409) instead of being overwritten.
 */
final class Steering {
  private Steering() {}

  static Cluster.ItemSource itemSource(Job job) {
    PodTemplateSpec t = job.getSpec() == null ? null : job.getSpec().getTemplate();
    if (t == null || t.getSpec() == null) {
      return Cluster.ItemSource.NONE;
    }
    String spare = job.getMetadata().getName() + Keys.MORE_ITEMS_SUFFIX;
    if (t.getSpec().getVolumes() != null) {
      for (Volume v : t.getSpec().getVolumes()) {
        if ("items".equals(v.getName()) && v.getProjected() != null && v.getProjected().getSources() != null) {
          for (VolumeProjection p : v.getProjected().getSources()) {
            if (p.getConfigMap() != null && spare.equals(p.getConfigMap().getName())) {
              return Cluster.ItemSource.CONFIGMAPS_WITH_SPARE;
            }
          }
          return Cluster.ItemSource.CONFIGMAPS;
        }
      }
    }
    if (t.getSpec().getInitContainers() != null && t.getSpec().getInitContainers().stream()
        .anyMatch(c -> "input".equals(c.getName()) && c.getCommand() != null
            && String.join(" ", c.getCommand()).contains("case \"$$JOB_COMPLETION_INDEX\""))) {
      return Cluster.ItemSource.INLINE;
    }
    return Cluster.ItemSource.NONE;
  }

  /** The highest item key stored for the Job, plus one (0 when none): the indexes that already have an item. */
  static int storedItems(KubernetesClient client, String namespace, String job) {
    int n = 0;
    for (int k : StatusReader.items(client, namespace, job).keySet()) {
      n = Math.max(n, k + 1);
    }
    return n;
  }

  /**
   * Adds {@code items} as keys {@code from, from+1, ...} to the Job's spare item ConfigMap (made, owned by the Job,
   * when missing). Written before the Job grows, so no new pod starts without its item.
   */
  static void appendItems(KubernetesClient client, String namespace, Job job, int from, List<String> items) {
    String name = job.getMetadata().getName() + Keys.MORE_ITEMS_SUFFIX;
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      data.put(Integer.toString(from + i), items.get(i));
    }
    ConfigMap existing = client.configMaps().inNamespace(namespace).withName(name).get();
    if (existing == null) {
      ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name)
          .addToLabels(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY)
          .addToLabels(Keys.ITEMS_JOB_LABEL, job.getMetadata().getName())
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
              .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
              .withBlockOwnerDeletion(true).build())
          .endMetadata().withData(data).build();
      client.configMaps().inNamespace(namespace).resource(cm).create();
      return;
    }
    Map<String, String> merged = new LinkedHashMap<>(existing.getData() == null ? Map.of() : existing.getData());
    merged.putAll(data);
    existing.setData(merged);
    client.configMaps().inNamespace(namespace).resource(existing).update(); // resourceVersion guards it
  }

  /** Merge-patches spec fields of the Job read at {@code resourceVersion}; the Job as the server now has it. */
  static Job patchSpec(KubernetesClient client, String namespace, String name, String resourceVersion,
      Map<String, Object> spec) {
    Map<String, Object> patch = new LinkedHashMap<>();
    if (resourceVersion != null) {
      patch.put("metadata", Map.of("resourceVersion", resourceVersion));
    }
    patch.put("spec", spec);
    return client.batch().v1().jobs().inNamespace(namespace).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE),
            io.fabric8.kubernetes.client.utils.Serialization.asJson(patch));
  }

  /** True when the cluster serves {@code workloads.kueue.x-k8s.io} in some version. */
  static boolean servesKueueWorkloads(KubernetesClient client) {
    try {
      APIGroup group = client.getApiGroup(Keys.KUEUE_GROUP);
      if (group == null || group.getVersions() == null) {
        return false;
      }
      for (GroupVersionForDiscovery v : group.getVersions()) {
        APIResourceList list = client.getApiResources(v.getGroupVersion());
        if (list != null && list.getResources() != null
            && list.getResources().stream().anyMatch(r -> Keys.KUEUE_WORKLOADS.equals(r.getName()))) {
          return true;
        }
      }
      return false;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
