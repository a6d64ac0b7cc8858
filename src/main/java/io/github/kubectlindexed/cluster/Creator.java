package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.manifest.Manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates a {@link Manifest}: the item ConfigMaps first (so no pod can start before its items exist), then the Job,
 * then makes the Job the owner of every ConfigMap (so deleting the Job deletes them). On any failure it deletes what
 * it made, and the error says what was deleted, or exactly what is left.
 */
public final class Creator {
  private final KubernetesClient client;
  private final String namespace;

  /** What the server returned. */
  public record Created(List<ConfigMap> configMaps, Job job) {
    /** ConfigMaps first, then the Job. */
    public List<HasMetadata> objects() {
      List<HasMetadata> all = new ArrayList<>(configMaps);
      all.add(job);
      return all;
    }
  }

  public Creator(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Creates everything; with {@code serverDryRun} every request carries dryRun=All and nothing is kept. */
  public Created create(Manifest manifest, boolean serverDryRun) {
    String jobName = manifest.job().getMetadata().getName();
    List<ConfigMap> made = new ArrayList<>();
    for (ConfigMap cm : manifest.configMaps()) {
      try {
        made.add(client.configMaps().inNamespace(namespace).resource(cm).dryRun(serverDryRun).create());
      } catch (KubernetesClientException e) {
        String cleanup = serverDryRun ? "" : cleanup(made, null);
        if (e.getCode() == 409 && jobExists(jobName)) {
          throw PluginException.cluster(alreadyExists(jobName) + cleanup, e);
        }
        throw PluginException.cluster(step("creating configmap/" + cm.getMetadata().getName(), e, made)
            + cleanup, e);
      }
    }
    Job job;
    try {
      job = client.batch().v1().jobs().inNamespace(namespace).resource(manifest.job()).dryRun(serverDryRun).create();
    } catch (KubernetesClientException e) {
      String cleanup = serverDryRun ? "" : cleanup(made, null);
      if (e.getCode() == 409) {
        throw PluginException.cluster(alreadyExists(jobName) + cleanup, e);
      }
      throw PluginException.cluster(step("creating job.batch/" + jobName, e, made) + cleanup, e);
    }
    if (serverDryRun || made.isEmpty()) {
      return new Created(made, job);
    }
    String patch = ownerPatch(job);
    List<ConfigMap> owned = new ArrayList<>(made.size());
    for (ConfigMap cm : made) {
      String name = cm.getMetadata().getName();
      try {
        // resource(cm): the created object names the target, so no GET of the (large) ConfigMap comes first
        owned.add(client.configMaps().inNamespace(namespace).resource(cm)
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
      } catch (KubernetesClientException e) {
        throw PluginException.cluster("making job.batch/" + jobName + " the owner of configmap/" + name + ": "
            + ApiErrors.describe(e) + cleanup(made, job), e);
      }
    }
    return new Created(owned, job);
  }

  /** The merge patch that makes {@code job} the (non-controller) owner, blocking its foreground deletion. */
  static String ownerPatch(Job job) {
    return "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"name\":"
        + jsonString(job.getMetadata().getName()) + ",\"uid\":" + jsonString(job.getMetadata().getUid())
        + ",\"controller\":false,\"blockOwnerDeletion\":true}]}}";
  }

  private boolean jobExists(String name) {
    try {
      return client.batch().v1().jobs().inNamespace(namespace).withName(name).get() != null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** The failed step and why; a cluster that could not be reached before anything was made is the plain line. */
  private static String step(String doing, KubernetesClientException e, List<ConfigMap> made) {
    return made.isEmpty() && ApiErrors.unreachable(e) ? ApiErrors.describe(e) : doing + ": " + ApiErrors.describe(e);
  }

  private static String alreadyExists(String jobName) {
    return "jobs.batch \"" + jobName + "\" already exists";
  }

  /**
   * Deletes the Job (when not null, pods in the background) and the ConfigMaps this command made; returns the
   * sentence for the error message: what was deleted, and what is left, with the command that removes it.
   */
  private String cleanup(List<ConfigMap> configMaps, Job job) {
    List<String> deleted = new ArrayList<>();
    List<String> left = new ArrayList<>();
    if (job != null) {
      String name = job.getMetadata().getName();
      try {
        client.batch().v1().jobs().inNamespace(namespace).withName(name)
            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        deleted.add("job.batch/" + name);
      } catch (KubernetesClientException e) {
        left.add("job.batch/" + name + " (" + ApiErrors.describe(e) + ")");
      }
    }
    for (ConfigMap cm : configMaps) {
      String name = cm.getMetadata().getName();
      try {
        client.configMaps().inNamespace(namespace).withName(name).delete();
        deleted.add("configmap/" + name);
      } catch (KubernetesClientException e) {
        left.add("configmap/" + name + " (" + ApiErrors.describe(e) + ")");
      }
    }
    StringBuilder sb = new StringBuilder();
    if (!deleted.isEmpty()) {
      sb.append("; deleted what this command had created: ").append(String.join(", ", deleted));
    }
    if (!left.isEmpty()) {
      sb.append("; could not delete ").append(String.join(", ", left)).append(", so it is left in namespace ")
          .append(namespace).append(": remove it with kubectl delete -n ").append(namespace);
      for (String l : left) {
        sb.append(' ').append(l, 0, l.indexOf(' '));
      }
    }
    return sb.toString();
  }


  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder(s == null ? 4 : s.length() + 2);
    if (s == null) {
      return "null";
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
