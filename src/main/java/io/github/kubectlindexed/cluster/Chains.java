package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.manifest.Keys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads retry chains: the retries of a Job (by label, checked by uid) and a Job's stored items. */
final class Chains {
  private Chains() {}

  static List<Job> retriesOf(KubernetesClient client, String namespace, Job original) {
    String uid = original.getMetadata().getUid();
    return client.batch().v1().jobs().inNamespace(namespace)
        .withLabel(Keys.RETRY_OF_LABEL, original.getMetadata().getName()).list().getItems().stream()
        .filter(j -> uid == null || j.getMetadata().getAnnotations() == null
            || uid.equals(j.getMetadata().getAnnotations().getOrDefault(Keys.RETRY_OF_UID_ANNOTATION, uid)))
        .toList();
  }

  /** The items in the Job's item ConfigMaps by index, or null when it has none. */
  static Map<Integer, String> items(KubernetesClient client, String namespace, String job) {
    List<ConfigMap> cms = client.configMaps().inNamespace(namespace).withLabel(Keys.ITEMS_JOB_LABEL, job).list()
        .getItems();
    if (cms.isEmpty()) {
      return null;
    }
    Map<Integer, String> out = new HashMap<>();
    for (ConfigMap cm : cms) {
      if (cm.getData() != null) {
        cm.getData().forEach((k, v) -> {
          if (!k.isEmpty() && k.length() <= 9 && k.chars().allMatch(Character::isDigit)) {
            out.put(Integer.parseInt(k), v);
          }
        });
      }
    }
    return out;
  }
}
