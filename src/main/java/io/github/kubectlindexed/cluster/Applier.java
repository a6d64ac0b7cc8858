package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.manifest.Keys;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.Manifests;

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
      apply(toApply, serverDryRun, "configmap/" + cm.getMetadata().getName(), jobName, existing);
      done.accept("configmap/" + cm.getMetadata().getName() + suffix);
    }
    Job applied = apply(objs.job(), serverDryRun, "job.batch/" + jobName, jobName, existing);
    done.accept("job.batch/" + jobName + suffix);
    if (existing == null && !serverDryRun && applied != null) {
      for (ConfigMap cm : objs.configMaps()) {
        apply(owned(cm, applied), false, "configmap/" + cm.getMetadata().getName(), jobName, applied);
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

  private <T extends HasMetadata> T apply(T obj, boolean dryRun, String what, String jobName, Job existing) {
    T clean = Serialization.clone(obj);
    clean.getMetadata().setNamespace(namespace);
    clean.getMetadata().setResourceVersion(null);
    clean.getMetadata().setManagedFields(null);
    try {
      return client.resource(clean).inNamespace(namespace).dryRun(dryRun).fieldManager(Keys.FIELD_MANAGER)
          .serverSideApply();
    } catch (KubernetesClientException e) {
      List<String> immutable = ApiErrors.immutableFields(e);
      if (!immutable.isEmpty()) {
        throw PluginException.cluster(immutable(what, immutable, jobName, existing,
            obj instanceof Job j && initScriptChanged(existing, j)), e);
      }
      String msg = ApiErrors.describe(e);
      if (e.getCode() == 409) {
        throw PluginException.cluster(what + ": " + msg + " (another field manager owns these fields; "
            + "apply does not force)", e);
      }
      throw ApiErrors.cluster("applying " + what, e);
    }
  }

  /**
   * The one line for a change the server refuses as immutable (its own message is a Go dump of the whole pod
   * template): what cannot change, and the way out. The items cannot change either: in ConfigMaps they are
   * immutable, inline they are part of the pod template.
   */
  static String immutable(String what, List<String> fields, String jobName, Job existing, boolean itemsInline) {
    String why;
    String first = "the Job";
    if (what.startsWith("configmap/") && existing == null) {
      why = "the items cannot change (item ConfigMaps are immutable; this one outlived its Job)";
      first = "it";
    } else if (what.startsWith("configmap/")) {
      why = "the items cannot change once the Job exists (item ConfigMaps are immutable)";
    } else if (itemsInline) {
      why = "the items are inline in the pod template, which cannot change once the Job exists";
    } else {
      why = String.join(", ", fields) + " cannot change once the Job exists";
    }
    return what + ": " + why + ": delete " + first + " first (kubectl indexed delete " + jobName + "), then apply";
  }

  /** Whether the init container's script differs from the running Job's: with inline items, the items changed. */
  static boolean initScriptChanged(Job existing, Job wanted) {
    List<String> before = initCommand(existing);
    List<String> after = initCommand(wanted);
    return before != null && after != null && !before.equals(after);
  }

  private static List<String> initCommand(Job job) {
    if (job == null || job.getSpec() == null || job.getSpec().getTemplate() == null
        || job.getSpec().getTemplate().getSpec() == null
        || job.getSpec().getTemplate().getSpec().getInitContainers() == null) {
      return null;
    }
    return job.getSpec().getTemplate().getSpec().getInitContainers().stream()
        .filter(c -> Manifests.INIT_CONTAINER.equals(c.getName())).findFirst().map(c -> c.getCommand())
        .orElse(null);
  }
}
