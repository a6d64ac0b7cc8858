package io.github.kubectlindexed.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kubectlindexed.PluginException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a manifest back from the stream {@code create --dry-run=client -o yaml} prints (edited or not), for
 * {@code apply}: the item ConfigMaps and the one Indexed Job, checked without a cluster.
 */
public final class ManifestStream {
  private ManifestStream() {}

  /**
   * Parses a YAML or JSON stream (documents separated by {@code ---}, or a List) without touching the cluster.
   *
   * @throws PluginException exit 2 for unreadable input, other kinds, no Job or several, or a Job not Indexed
   */
  public static Manifest parse(String text, String source) {
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
    Validation.requireIndexed(job);
    return new Manifest(cms, job);
  }

  /** Checks that no object names another namespace than the one we apply to (kubectl's rule). */
  public static void checkNamespace(Manifest objs, String namespace, String source) {
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
}
