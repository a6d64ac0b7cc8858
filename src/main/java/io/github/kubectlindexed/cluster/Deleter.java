package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.manifest.Validation;

import io.github.kubectlindexed.manifest.Keys;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.PluginException;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a Job with background propagation (its pods go with it, and its owned ConfigMaps), and also the item
 * ConfigMaps found by the label {@code kubectl-indexed.io/job-name=NAME}, which have no owner when the stream was
 * applied with plain {@code kubectl apply}.
 */
public final class Deleter {
  private Deleter() {}

  /**
   * @return one line per deleted object, kubectl style ({@code job.batch/x deleted})
   * @throws PluginException exit 4 when neither the Job nor any of its ConfigMaps exists; exit 2 for a Job that is
   *     not Indexed
   */
  public static List<String> delete(KubernetesClient client, String namespace, String name) {
    List<String> done = new ArrayList<>();
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    if (job != null) {
      Validation.requireIndexed(job);
      client.batch().v1().jobs().inNamespace(namespace).withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      done.add("job.batch/" + name + " deleted");
    }
    List<ConfigMap> cms = client.configMaps().inNamespace(namespace)
        .withLabel(Keys.ITEMS_JOB_LABEL, name).list().getItems();
    for (ConfigMap cm : cms) {
      client.configMaps().inNamespace(namespace).withName(cm.getMetadata().getName())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      done.add("configmap/" + cm.getMetadata().getName() + " deleted");
    }
    if (done.isEmpty()) {
      throw PluginException.cluster("jobs.batch \"" + name + "\" not found in namespace \"" + namespace + "\"", null);
    }
    return done;
  }
}
