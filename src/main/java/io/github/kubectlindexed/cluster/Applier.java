package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.manifest.Keys;
import io.github.kubectlindexed.manifest.Manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kubectlindexed.PluginException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code apply}: server-side apply (field manager {@code kubectl-indexed}, no forcing) of the stream
 * {@code create --dry-run=client -o yaml} prints: the item ConfigMaps, then the Job, then the ConfigMaps again with
 * the Job as their owner (as {@code create} does), so deleting the Job deletes them. Applying the same stream twice
 * changes nothing: once the Job exists, the ConfigMaps are applied with their owner from the start.
 */
final class Applier {
  private final KubernetesClient client;
  private final String namespace;

  Applier(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }


  /** Applies, handing each kubectl-style line ({@code job.batch/x serverside-applied}) to {@code done} as it goes. */
  public void apply(Manifest objs, boolean serverDryRun, java.util.function.Consumer<String> done) {
    String suffix = serverDryRun ? " serverside-applied (server dry run)" : " serverside-applied";
    String jobName = objs.job().getMetadata().getName();
    Job existing = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    for (ConfigMap cm : objs.configMaps()) {
      ConfigMap toApply = existing == null ? cm : owned(cm, existing);
      apply(toApply, serverDryRun, "configmap/" + cm.getMetadata().getName(), jobName);
      done.accept("configmap/" + cm.getMetadata().getName() + suffix);
    }
    Job applied = apply(objs.job(), serverDryRun, "job.batch/" + jobName, jobName);
    done.accept("job.batch/" + jobName + suffix);
    if (existing == null && !serverDryRun && applied != null) {
      for (ConfigMap cm : objs.configMaps()) {
        apply(owned(cm, applied), false, "configmap/" + cm.getMetadata().getName(), jobName);
      }
    }
  }

  static ConfigMap owned(ConfigMap cm, Job job) {
    ConfigMap copy = Serialization.clone(cm);
    OwnerReference ref = new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
        .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
        .withController(false).withBlockOwnerDeletion(true).build();
    List<OwnerReference> refs = new ArrayList<>();
    if (copy.getMetadata().getOwnerReferences() != null) {
      copy.getMetadata().getOwnerReferences().stream()
          .filter(r -> !Objects.equals(r.getUid(), ref.getUid()) && !"Job".equals(r.getKind()))
          .forEach(refs::add);
    }
    refs.add(ref);
    copy.getMetadata().setOwnerReferences(refs);
    return copy;
  }

  private <T extends HasMetadata> T apply(T obj, boolean dryRun, String what, String jobName) {
    T clean = Serialization.clone(obj);
    clean.getMetadata().setNamespace(namespace);
    clean.getMetadata().setResourceVersion(null);
    clean.getMetadata().setManagedFields(null);
    try {
      return client.resource(clean).inNamespace(namespace).dryRun(dryRun).fieldManager(Keys.FIELD_MANAGER)
          .serverSideApply();
    } catch (KubernetesClientException e) {
      String msg = ApiErrors.describe(e);
      if (e.getCode() == 422 && msg.contains("immutable") && what.startsWith("job.batch/")) {
        throw PluginException.cluster(what + ": " + msg + "; a Job's pod template and most of its spec cannot "
            + "change once it exists: delete the Job first (kubectl indexed delete " + jobName + "), then apply", e);
      }
      if (e.getCode() == 409) {
        throw PluginException.cluster(what + ": " + msg + " (another field manager owns these fields; "
            + "apply does not force)", e);
      }
      throw ApiErrors.cluster("applying " + what, e);
    }
  }
}
