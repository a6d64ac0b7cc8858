package io.github.kubectlindexed.cluster;

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
public final class Applier {
  public static final String FIELD_MANAGER = "kubectl-indexed";

  /** The parsed stream: its ConfigMaps and its one Job. */
  public record Objects2(List<ConfigMap> configMaps, Job job) {}

  private final KubernetesClient client;
  private final String namespace;

  public Applier(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Parses a YAML or JSON stream (documents separated by {@code ---}, or a List) without touching the cluster.
   *
   * @throws PluginException exit 2 for unreadable input, other kinds, no Job or several, or a Job not Indexed
   */
  public static Objects2 parse(String text, String source) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      Object o;
      try {
        o = Serialization.unmarshal(doc);
      } catch (RuntimeException e) {
        throw PluginException.usage("-f " + source + ": not a Kubernetes object: "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
      if (o instanceof KubernetesList l) {
        objects.addAll(l.getItems());
      } else if (o instanceof HasMetadata h) {
        objects.add(h);
      } else {
        throw PluginException.usage("-f " + source + ": not a Kubernetes object");
      }
    }
    List<ConfigMap> cms = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    for (HasMetadata h : objects) {
      if (h instanceof ConfigMap cm) {
        cms.add(cm);
      } else if (h instanceof Job j) {
        jobs.add(j);
      } else {
        throw PluginException.usage("-f " + source + ": apply takes an Indexed Job and its ConfigMaps, not "
            + h.getKind().toLowerCase(Locale.ROOT) + "/" + (h.getMetadata() == null ? "?" : h.getMetadata().getName()));
      }
    }
    if (jobs.size() != 1) {
      throw PluginException.usage("-f " + source + ": expected exactly one Job, found " + jobs.size());
    }
    Job job = jobs.get(0);
    if (job.getMetadata() == null || job.getMetadata().getName() == null) {
      throw PluginException.usage("-f " + source + ": the Job has no metadata.name");
    }
    JobRef.requireIndexed(job);
    return new Objects2(cms, job);
  }

  /** Checks that no object names another namespace than the one we apply to (kubectl's rule). */
  public static void checkNamespace(Objects2 objs, String namespace, String source) {
    List<HasMetadata> all = new ArrayList<>(objs.configMaps());
    all.add(objs.job());
    for (HasMetadata h : all) {
      String ns = h.getMetadata().getNamespace();
      if (ns != null && !ns.isEmpty() && !ns.equals(namespace)) {
        throw PluginException.usage("-f " + source + ": " + h.getKind().toLowerCase(Locale.ROOT) + "/"
            + h.getMetadata().getName() + " is in namespace " + ns + ", not " + namespace + " (use -n " + ns + ")");
      }
    }
  }

  /** Applies, handing each kubectl-style line ({@code job.batch/x serverside-applied}) to {@code done} as it goes. */
  public void apply(Objects2 objs, boolean serverDryRun, java.util.function.Consumer<String> done) {
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
      return client.resource(clean).inNamespace(namespace).dryRun(dryRun).fieldManager(FIELD_MANAGER)
          .serverSideApply();
    } catch (KubernetesClientException e) {
      String msg = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
          : String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      if (e.getCode() == 422 && msg.contains("immutable") && what.startsWith("job.batch/")) {
        throw PluginException.cluster(what + ": " + msg + "; a Job's pod template and most of its spec cannot "
            + "change once it exists: delete the Job first (kubectl indexed delete " + jobName + "), then apply", e);
      }
      if (e.getCode() == 409) {
        throw PluginException.cluster(what + ": " + msg + " (another field manager owns these fields; "
            + "apply does not force)", e);
      }
      throw PluginException.cluster("applying " + what + ": " + msg, e);
    }
  }
}
