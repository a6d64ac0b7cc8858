package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.manifest.Keys;
import io.github.kubectlindexed.manifest.Validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a Job with background propagation (its pods go with it, and its owned ConfigMaps), and also the item
 * ConfigMaps found by the label {@code kubectl-indexed.io/job-name=NAME}, which have no owner when the stream was
 * applied with plain {@code kubectl apply}.
 *
 * <p>Checks before it deletes: it reads the Job, lists the item ConfigMaps and asks the server for a dry-run delete of
 * each object, so a user who may not do one of these steps is told which step was refused and that nothing was
 * deleted (issue 12, section 5). Only a failure between the real deletes can leave some deleted, and it says which.
 *
 * <p>The account does not depend on the race with the garbage collector, which removes the owned ConfigMaps once the
 * Job is deleted: every item ConfigMap listed before the first delete is named as deleted, whether this command or
 * the collector removed it (a delete that finds it gone, 404, is done; the client does not count it as a failure).
 */
public final class Deleter {
  private Deleter() {}

  /**
   * @return one line per deleted object, kubectl style ({@code job.batch/x deleted})
   * @throws PluginException exit 4 when neither the Job nor any of its ConfigMaps exists, or when a step is refused;
   *     exit 2 for a Job that is not Indexed
   */
  public static List<String> delete(KubernetesClient client, String namespace, String name) {
    Job job;
    try {
      job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    } catch (RuntimeException e) {
      throw refused(name, "reading job.batch/" + name, e);
    }
    if (job != null) {
      Validation.requireIndexed(job);
    }
    List<ConfigMap> cms;
    try {
      cms = client.configMaps().inNamespace(namespace).withLabel(Keys.ITEMS_JOB_LABEL, name).list().getItems();
    } catch (RuntimeException e) {
      throw refused(name, "listing its item ConfigMaps", e);
    }
    if (job == null && cms.isEmpty()) {
      throw PluginException.cluster("jobs.batch \"" + name + "\" not found in namespace \"" + namespace + "\"", null);
    }
    // the server's own answer to each delete, without deleting: RBAC, admission and finalizer rules all apply
    if (job != null) {
      try {
        client.batch().v1().jobs().inNamespace(namespace).withName(name).dryRun()
            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      } catch (RuntimeException e) {
        throw refused(name, "deleting job.batch/" + name + " (server dry run)", e);
      }
    }
    for (ConfigMap cm : cms) {
      String cmName = cm.getMetadata().getName();
      try {
        client.configMaps().inNamespace(namespace).withName(cmName).dryRun()
            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      } catch (RuntimeException e) {
        throw refused(name, "deleting configmap/" + cmName + " (server dry run)", e);
      }
    }
    List<String> done = new ArrayList<>();
    String step = null;
    try {
      if (job != null) {
        step = "deleting job.batch/" + name;
        client.batch().v1().jobs().inNamespace(namespace).withName(name)
            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        done.add("job.batch/" + name + " deleted");
      }
      for (ConfigMap cm : cms) {
        step = "deleting configmap/" + cm.getMetadata().getName();
        client.configMaps().inNamespace(namespace).withName(cm.getMetadata().getName())
            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        done.add("configmap/" + cm.getMetadata().getName() + " deleted");
      }
    } catch (RuntimeException e) {
      String line = ApiErrors.describe(e);
      throw PluginException.cluster("delete " + name + ": " + step + " failed after " + done.size() + " of "
          + ((job != null ? 1 : 0) + cms.size()) + " objects were deleted"
          + (done.isEmpty() ? "" : " (" + String.join(", ", done).replace(" deleted", "") + ")") + ": " + line, e);
    }
    return done;
  }

  private static PluginException refused(String name, String step, RuntimeException e) {
    String line = ApiErrors.describe(e);
    if (ApiErrors.unreachable(e)) {
      return PluginException.cluster(line, e); // the same line as every command: nothing reached the cluster
    }
    return PluginException.cluster("delete " + name + ": " + step + " failed, nothing was deleted: " + line, e);
  }
}
