package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.manifest.Validation;

import io.github.kubectlindexed.manifest.Keys;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.PluginException;

import java.util.Comparator;
import java.util.List;

/**
 * Names a Job the way the tutorial types it ({@code NAME}, {@code job/NAME}, {@code jobs/NAME},
 * {@code job.batch/NAME}), or, when the name is omitted, picks the newest Job this plugin made in the namespace.
 */
public final class JobRef {

  private JobRef() {}

  /**
   * Parses the argument's syntax only (no cluster): the Job name, or null when {@code arg} is null.
   *
   * @throws PluginException exit 2 for another kind or an empty name
   */
  public static String parseName(String arg) {
    if (arg == null) {
      return null;
    }
    String name = arg;
    int slash = arg.indexOf('/');
    if (slash >= 0) {
      String kind = arg.substring(0, slash).toLowerCase(java.util.Locale.ROOT);
      if (!List.of("job", "jobs", "job.batch", "jobs.batch").contains(kind)) {
        throw PluginException.usage("\"" + arg + "\": expected NAME, job/NAME or jobs/NAME");
      }
      name = arg.substring(slash + 1);
    }
    if (name.isEmpty() || name.contains("/")) {
      throw PluginException.usage("\"" + arg + "\": expected NAME, job/NAME or jobs/NAME");
    }
    return name;
  }

  /**
   * Finds the Job: by name, or the newest managed Job when {@code name} is null (saying so on {@code err}).
   *
   * @throws PluginException exit 4 when there is no such Job, exit 2 when it is not Indexed
   */
  static Job resolve(Cluster session, String name, java.util.function.Consumer<String> notes) {
    Job job;
    if (name == null) {
      List<Job> jobs = session.client().batch().v1().jobs().inNamespace(session.namespace())
          .withLabel(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY).list().getItems();
      job = jobs.stream()
          .max(Comparator.comparing((Job j) -> String.valueOf(j.getMetadata().getCreationTimestamp()))
              .thenComparing(j -> j.getMetadata().getName()))
          .orElseThrow(() -> PluginException.cluster("no Job made by kubectl-indexed in namespace \""
              + session.namespace() + "\"; name one: kubectl indexed <command> NAME", null));
      notes.accept("Using job/" + job.getMetadata().getName()
          + " (the newest Job made by kubectl-indexed in namespace " + session.namespace() + ")");
    } else {
      job = session.client().batch().v1().jobs().inNamespace(session.namespace()).withName(name).get();
      if (job == null) {
        throw PluginException.cluster("jobs.batch \"" + name + "\" not found in namespace \""
            + session.namespace() + "\"", null);
      }
    }
    Validation.requireIndexed(job);
    return job;
  }

  /** The Jobs made by this plugin in the session's namespace, or in every namespace. */
  static List<Job> listManaged(Cluster session, boolean allNamespaces) {
    return allNamespaces
        ? session.client().batch().v1().jobs().inAnyNamespace().withLabel(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY).list()
            .getItems()
        : session.client().batch().v1().jobs().inNamespace(session.namespace())
            .withLabel(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY).list().getItems();
  }

}
