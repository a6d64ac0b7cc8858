package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.manifest.Keys;
import io.github.kubectlindexed.manifest.Manifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The writes that steer a running Job: its parallelism, its completions (KEP-3715), its suspension, and the item
 * ConfigMaps of indexes added by growing it (new immutable ones, in the spare names its template projects). Each spec change is one JSON merge patch guarded by the resourceVersion the
 * caller read, so a Job changed in between is refused by the server (409) instead of being overwritten.
 */
final class Steering {
  private Steering() {}

  static Cluster.ItemSource itemSource(Job job) {
    PodTemplateSpec t = job.getSpec() == null ? null : job.getSpec().getTemplate();
    if (t == null || t.getSpec() == null) {
      return Cluster.ItemSource.NONE;
    }
    if (t.getSpec().getVolumes() != null && t.getSpec().getVolumes().stream()
        .anyMatch(v -> Manifests.ITEMS_VOLUME.equals(v.getName()) && v.getProjected() != null)) {
      return Manifests.spareItemConfigMaps(job).isEmpty() ? Cluster.ItemSource.CONFIGMAPS
          : Cluster.ItemSource.CONFIGMAPS_WITH_SPARES;
    }
    if (t.getSpec().getInitContainers() != null && t.getSpec().getInitContainers().stream()
        .anyMatch(c -> Manifests.INIT_CONTAINER.equals(c.getName()) && c.getCommand() != null
            && String.join(" ", c.getCommand()).contains("case \"$$JOB_COMPLETION_INDEX\""))) {
      return Cluster.ItemSource.INLINE;
    }
    return Cluster.ItemSource.NONE;
  }

  /** The Job's item ConfigMaps (by label) and the highest item key stored plus one (0 when none). */
  static Cluster.StoredItems storedItems(KubernetesClient client, String namespace, String job) {
    Set<String> names = new TreeSet<>();
    int n = 0;
    for (ConfigMap cm : client.configMaps().inNamespace(namespace).withLabel(Keys.ITEMS_JOB_LABEL, job).list()
        .getItems()) {
      names.add(cm.getMetadata().getName());
      if (cm.getData() != null) {
        for (String k : cm.getData().keySet()) {
          if (!k.isEmpty() && k.length() <= 9 && k.chars().allMatch(Character::isDigit)) {
            n = Math.max(n, Integer.parseInt(k) + 1);
          }
        }
      }
    }
    return new Cluster.StoredItems(names, n);
  }

  /**
   * Creates {@code configMaps} (immutable, built by {@link Manifests#moreItems}) with {@code job} as their owner,
   * one by one; when one fails, deletes the ones made and throws the one line (exit 4) saying what was deleted or
   * what is left.
   */
  static List<String> createItemConfigMaps(KubernetesClient client, String namespace, Job job,
      List<ConfigMap> configMaps) {
    List<String> made = new ArrayList<>();
    for (ConfigMap cm : configMaps) {
      cm.getMetadata().setNamespace(namespace);
      cm.getMetadata().setOwnerReferences(new ArrayList<>(List.of(new OwnerReferenceBuilder()
          .withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
          .withUid(job.getMetadata().getUid()).withController(false).withBlockOwnerDeletion(true).build())));
      String name = cm.getMetadata().getName();
      try {
        client.configMaps().inNamespace(namespace).resource(cm).create();
      } catch (KubernetesClientException e) {
        throw PluginException.cluster("creating configmap/" + name + ": " + ApiErrors.describe(e)
            + (made.isEmpty() ? "; job.batch/" + job.getMetadata().getName() + " was not changed"
                : deleteConfigMaps(client, namespace, made) + "; job.batch/" + job.getMetadata().getName()
                    + " was not changed"), e);
      }
      made.add(name);
    }
    return made;
  }

  /** Deletes the named ConfigMaps; the sentence for an error message: what was deleted, and what is left. */
  static String deleteConfigMaps(KubernetesClient client, String namespace, List<String> names) {
    List<String> deleted = new ArrayList<>();
    List<String> left = new ArrayList<>();
    String why = null;
    for (String name : names) {
      try {
        Transient.retry(() -> !client.configMaps().inNamespace(namespace).withName(name).delete().isEmpty(),
            Transient.WINDOW, () -> false);
        deleted.add("configmap/" + name);
      } catch (RuntimeException e) {
        left.add("configmap/" + name);
        if (why == null) {
          why = ApiErrors.describe(e);
        }
      }
    }
    return Creator.cleanupAccount(deleted, left, why, namespace);
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
