package io.github.kubectlindexed.app;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cluster.ApiErrors;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.manifest.Manifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steering a running Indexed Job: the throttle ({@code spec.parallelism}), elastic scaling ({@code completions}
 * with {@code parallelism}, KEP-3715), suspend and resume. Every refusal is decided before anything is written.
 */
public final class SteerJob {
  private SteerJob() {}

  /** The API's limit on an Indexed Job's parallelism (and so, under KEP-3715, on the completions it scales to). */
  public static final int MAX_INDEXED_PARALLELISM = 100_000;

  /**
   * A scale request.
   *
   * @param parallelism the new parallelism, or null
   * @param completions the new completions (parallelism follows it), or null
   * @param newItems the items of the indexes that growing adds, or null when none were given
   * @param itemsFlag the flag that gave them, for messages
   */
  public record Scale(String job, Integer parallelism, Integer completions, List<String> newItems,
      String itemsFlag) {}

  /**
   * The flag rules of {@code scale}, checked before connecting (exit 2). KEP-3715: completions may change only
   * together with parallelism, so that they are equal after the update.
   */
  public static void check(Scale s) {
    if (s.parallelism() == null && s.completions() == null) {
      throw PluginException.usage("scale: give --parallelism N, --completions M, or both with N = M");
    }
    if (s.parallelism() != null && (s.parallelism() < 0 || s.parallelism() > MAX_INDEXED_PARALLELISM)) {
      throw PluginException.usage("--parallelism: " + s.parallelism() + ": must be between 0 and "
          + MAX_INDEXED_PARALLELISM + " for an Indexed Job");
    }
    if (s.completions() != null) {
      if (s.completions() < 1 || s.completions() > MAX_INDEXED_PARALLELISM) {
        throw PluginException.usage("--completions: " + s.completions() + ": must be between 1 and "
            + MAX_INDEXED_PARALLELISM + " (parallelism becomes the completions, and an Indexed Job's parallelism is"
            + " at most " + MAX_INDEXED_PARALLELISM + ")");
      }
      if (s.parallelism() != null && !s.parallelism().equals(s.completions())) {
        throw PluginException.usage("--parallelism: spec.completions: Invalid value: " + s.completions()
            + ": can only be modified in tandem with spec.parallelism (KEP-3715: --completions sets parallelism to "
            + s.completions() + "; throttle afterwards with scale --parallelism)");
      }
    } else if (s.newItems() != null) {
      throw PluginException.usage(s.itemsFlag() + ": only with --completions (the items of the indexes it adds)");
    }
  }

  /** How often a --completions update is tried again when the Job changed between its read and the update. */
  static final int CONFLICT_RETRIES = 5;

  /**
   * Scales; the lines saying what changed go to {@code done}, notes to {@code notes}. A --completions update is
   * guarded by the resourceVersion read (its checks depend on the Job): when the Job controller wrote in between
   * (409), the Job is read and checked again, at most {@link #CONFLICT_RETRIES} times.
   */
  public static void scale(Cluster cluster, Scale s, Consumer<String> done, Consumer<String> notes) {
    for (int attempt = 1; ; attempt++) {
      try {
        scaleOnce(cluster, s, done, notes, attempt >= CONFLICT_RETRIES);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }

  private static void scaleOnce(Cluster cluster, Scale s, Consumer<String> done, Consumer<String> notes,
      boolean lastAttempt) {
    check(s);
    Job found = cluster.find(s.job());
    if (found != null && s.completions() != null && !JobState.of(found).indexed()) {
      throw PluginException.usage("job/" + s.job() + ": spec.completions: Invalid value: " + s.completions()
          + ": field is immutable (only an Indexed Job's completions may change, with parallelism: KEP-3715)");
    }
    Job job = cluster.resolve(s.job(), notes); // not found: exit 4; not Indexed: exit 2
    String name = job.getMetadata().getName();
    JobState st = JobState.of(job);
    requireSteerable(st, "scale");
    if (s.completions() == null) {
      int old = st.parallelism();
      // parallelism alone: no guard, the Job controller's status writes must not make it fail
      cluster.patchJobSpec(name, null, Map.of("parallelism", s.parallelism()));
      done.accept("job.batch/" + name + " scaled: parallelism " + old + " -> " + s.parallelism()
          + (st.suspended() ? " (the Job is suspended: no pods run until it is resumed)" : ""));
      return;
    }
    int m = s.completions();
    int old = st.completions();
    checkSuccessPolicy(job, name, m);
    String itemsLine = "";
    List<String> written = List.of();
    if (m > old) {
      Growth g = provideItems(cluster, job, name, old, m, s);
      itemsLine = g.line();
      written = g.configMaps();
    } else if (s.newItems() != null) {
      throw PluginException.usage(s.itemsFlag() + ": job/" + name + " does not grow (completions " + old + " -> "
          + m + "): there are no new indexes to give items to");
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("completions", m);
    spec.put("parallelism", m);
    try {
      cluster.patchJobSpec(name, st.resourceVersion(), spec);
    } catch (RuntimeException e) {
      if (written.isEmpty() || e instanceof PluginException) {
        throw e;
      }
      // nothing half-made: the Job did not grow, so the ConfigMaps written for its new indexes go too
      String cleanup = cluster.deleteItemConfigMaps(written);
      if (ApiErrors.code(e) == 409 && !lastAttempt && !cleanup.contains("could not delete")) {
        throw e; // the Job changed since it was read: read, check and write again
      }
      throw PluginException.cluster("scaling job.batch/" + name + ": " + ApiErrors.describe(e) + cleanup, e);
    }
    StringBuilder line = new StringBuilder("job.batch/").append(name).append(" scaled: completions ").append(old)
        .append(" -> ").append(m).append(", parallelism ").append(st.parallelism()).append(" -> ").append(m);
    if (m > old) {
      line.append("; indexes ").append(range(old, m)).append(" added").append(itemsLine);
    } else if (m < old) {
      line.append("; indexes ").append(range(m, old)).append(" removed (the highest: their pods are stopped and"
          + " their results no longer count)");
    }
    done.accept(line.toString());
    String env = completionsEnv(job);
    if (env != null && m != old) {
      notes.accept("note: the pods' JOB_COMPLETIONS stays " + env + " (a Job's pod template cannot change)");
    }
  }

  /** Suspends ({@code true}) or resumes the Job. */
  public static void suspend(Cluster cluster, String jobName, boolean suspend, Consumer<String> done,
      Consumer<String> notes) {
    Job job = cluster.resolve(jobName, notes);
    String name = job.getMetadata().getName();
    JobState st = JobState.of(job);
    requireSteerable(st, suspend ? "suspend" : "resume");
    if (st.suspended() == suspend) {
      done.accept("job.batch/" + name + (suspend ? " already suspended" : " is not suspended: nothing to resume"));
      return;
    }
    if (!suspend && st.awaitingAdmission()) {
      throw PluginException.usage("job/" + name + " is waiting for admission in queue " + st.queue()
          + ": Kueue resumes it when the queue admits it (resuming it by hand would bypass the queue)");
    }
    cluster.patchJobSpec(name, null, Map.of("suspend", suspend)); // unguarded, as kubectl patch
    if (suspend) {
      done.accept("job.batch/" + name + " suspended: " + st.active() + (st.active() == 1 ? " active pod" :
          " active pods") + " will be stopped; resume with: kubectl indexed resume " + name
          + cluster.namespaceFlag());
      if (st.queue() != null) {
        notes.accept("note: job/" + name + " is queued in " + st.queue()
            + " by Kueue, which releases its quota while it is suspended");
      }
    } else {
      done.accept("job.batch/" + name + " resumed");
    }
  }

  private static void requireSteerable(JobState st, String verb) {
    if (st.finished()) {
      throw PluginException.outcome("job/" + st.name() + " has already finished ("
          + (st.has(JobState.COMPLETE) ? JobState.COMPLETE : JobState.FAILED) + "): nothing to " + verb);
    }
  }

  /** successPolicy is immutable and its succeededCount must stay within completions: the API's words. */
  private static void checkSuccessPolicy(Job job, String name, int m) {
    if (job.getSpec().getSuccessPolicy() == null || job.getSpec().getSuccessPolicy().getRules() == null) {
      return;
    }
    List<SuccessPolicyRule> rules = job.getSpec().getSuccessPolicy().getRules();
    for (int i = 0; i < rules.size(); i++) {
      SuccessPolicyRule r = rules.get(i);
      if (r.getSucceededCount() != null && r.getSucceededCount() > m) {
        throw PluginException.usage("--completions: job/" + name + ": spec.successPolicy.rules[" + i
            + "].succeededCount: Invalid value: " + r.getSucceededCount() + ": must be less than or equal to " + m
            + " (the number of specified completions)");
      }
    }
  }

  /** What growing wrote before the Job grows: the ConfigMaps (to delete if it cannot grow) and the result's words. */
  private record Growth(List<String> configMaps, String line) {}

  private static final Growth NO_GROWTH = new Growth(List.of(), "");

  /**
   * Makes sure indexes {@code old..m-1} have items when the Job's pods read items: writes the given ones as new
   * immutable ConfigMaps in the spare names the Job's template projects, before the Job grows, or refuses in one
   * line (nothing written). Returns what it wrote.
   */
  private static Growth provideItems(Cluster cluster, Job job, String name, int old, int m, Scale s) {
    Cluster.ItemSource source = cluster.itemSource(job);
    if (source == Cluster.ItemSource.NONE) {
      if (s.newItems() != null) {
        throw PluginException.usage(s.itemsFlag() + ": job/" + name + " takes no items (its workers read"
            + " JOB_COMPLETION_INDEX)");
      }
      return NO_GROWTH;
    }
    Cluster.StoredItems stored = source == Cluster.ItemSource.INLINE ? null : cluster.storedItems(name);
    int have = stored == null ? inlineItems(job) : stored.items();
    int from = Math.max(old, have);
    if (from >= m) {
      if (s.newItems() != null) {
        throw PluginException.usage(s.itemsFlag() + ": indexes " + range(old, m) + " of job/" + name
            + " already have items (stored before it shrank)");
      }
      return NO_GROWTH;
    }
    String missing = range(from, m);
    if (source == Cluster.ItemSource.INLINE) {
      throw PluginException.usage("--completions: indexes " + missing + " of job/" + name + " would have no item:"
          + " its items are inline in its pod template, which cannot change; to grow it with --items-file, create"
          + " it again with --items-mode configmap");
    }
    if (source == Cluster.ItemSource.CONFIGMAPS) {
      throw PluginException.usage("--completions: indexes " + missing + " of job/" + name + " would have no item:"
          + " its pod template projects no spare item ConfigMap (the Job was made before kubectl-indexed added"
          + " them, or is a retry), and a pod template cannot change; create a new Job for the new items");
    }
    int need = m - from;
    if (s.newItems() == null) {
      throw PluginException.usage("--completions: indexes " + missing + " of job/" + name + " need items: give "
          + need + (need == 1 ? " item" : " items") + " with --items-file (one per line)");
    }
    if (s.newItems().size() != need) {
      throw PluginException.usage(s.itemsFlag() + ": " + s.newItems().size()
          + (s.newItems().size() == 1 ? " item" : " items") + " for " + need + " new "
          + (need == 1 ? "index" : "indexes") + " (" + missing + ")");
    }
    List<String> free = new ArrayList<>(Manifests.spareItemConfigMaps(job));
    free.removeAll(stored.configMaps());
    List<ConfigMap> cms = Manifests.moreItems(name, null, from, s.newItems(), free, s.itemsFlag());
    List<String> made = cluster.createItemConfigMaps(job, cms);
    StringBuilder line = new StringBuilder("; items of ").append(missing).append(" written to ");
    for (int i = 0; i < made.size(); i++) {
      line.append(i == 0 ? "" : ", ").append("configmap/").append(made.get(i));
    }
    return new Growth(made, line.toString());
  }

  private static final Pattern INLINE_CASE = Pattern.compile("(?m)^(\\d+)\\) printf");

  /** The items an inline init script knows: the highest {@code N)} case plus one. */
  static int inlineItems(Job job) {
    int n = 0;
    for (var c : job.getSpec().getTemplate().getSpec().getInitContainers()) {
      if (c.getCommand() != null) {
        Matcher mm = INLINE_CASE.matcher(String.join("\n", c.getCommand()));
        while (mm.find()) {
          n = Math.max(n, Integer.parseInt(mm.group(1)) + 1);
        }
      }
    }
    return n;
  }

  private static String completionsEnv(Job job) {
    var t = job.getSpec().getTemplate();
    if (t == null || t.getSpec() == null || t.getSpec().getContainers() == null) {
      return null;
    }
    for (var c : t.getSpec().getContainers()) {
      if (c.getEnv() != null) {
        for (EnvVar e : c.getEnv()) {
          if ("JOB_COMPLETIONS".equals(e.getName()) && e.getValue() != null) {
            return e.getValue();
          }
        }
      }
    }
    return null;
  }

  /** {@code from..to-1} as an index set: {@code 4-7}, {@code 4,5}, {@code 4}. */
  static String range(int from, int to) {
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return IndexSet.of(idx).toString();
  }
}
