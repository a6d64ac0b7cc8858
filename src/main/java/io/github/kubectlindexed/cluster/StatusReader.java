package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.manifest.Keys;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Reads one row per completion index from the Job's status and its pods. */
public final class StatusReader {
  /** One completion index. {@code duration} and {@code exitCode} may be null. */
  public record IndexRow(int index, String item, String state, int attempts, String pod, List<String> pods,
      Duration duration, Integer exitCode, String reason, String node) {}

  /** The Job and its rows. */
  public record Report(JobState job, List<IndexRow> rows) {}

  private StatusReader() {}

  public static Report read(KubernetesClient client, String namespace, Job job, Instant now) {
    JobState s = JobState.of(job);
    PodsByIndex pods = PodsByIndex.list(client, namespace, s.name(), s.uid());
    Map<Integer, String> items = items(client, namespace, s.name());
    return new Report(s, rows(s, pods, items, now));
  }

  /**
   * Starts listing the pods and items of the Job named {@code jobName} on a thread of its own, before the Job
   * itself has been read: the pod label needs only the name, and the owner check comes after. On a 10,000-pod Job
   * this hides the Job's GET (and the first TLS handshake) behind the listing.
   */
  public static Early early(KubernetesClient client, String namespace, String jobName) {
    Early e = new Early(client, namespace, jobName);
    Thread t = new Thread(e::run, "kubectl-indexed-status-list");
    t.setDaemon(true); // a Job that turns out not to exist must not keep the process alive
    t.start();
    return e;
  }

  /** A listing started by {@link #early}. */
  public static final class Early {
    private final KubernetesClient client;
    private final String namespace;
    private final String jobName;
    private final CompletableFuture<List<Pod>> pods = new CompletableFuture<>();
    private final CompletableFuture<Map<Integer, String>> items = new CompletableFuture<>();

    private Early(KubernetesClient client, String namespace, String jobName) {
      this.client = client;
      this.namespace = namespace;
      this.jobName = jobName;
    }

    private void run() {
      try {
        pods.complete(PodsByIndex.listPods(client, namespace, jobName));
      } catch (RuntimeException e) {
        pods.completeExceptionally(e);
      }
      try {
        items.complete(items(client, namespace, jobName));
      } catch (RuntimeException e) {
        items.completeExceptionally(e); // never leave report() waiting on a listing that died
      }
    }

    /** The report for {@code job}; when it is not the Job this listing was started for, reads afresh. */
    public Report report(Job job, Instant now) {
      if (!jobName.equals(job.getMetadata().getName())) {
        return read(client, namespace, job, now);
      }
      JobState s = JobState.of(job);
      PodsByIndex byIndex = PodsByIndex.of(join(pods), s.uid());
      return new Report(s, rows(s, byIndex, join(items), now));
    }

    private static <T> T join(CompletableFuture<T> f) {
      try {
        return f.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r; // the same error, through the same path, as a listing on this thread
        }
        throw e;
      }
    }
  }

  /** The items stored in the Job's item ConfigMaps (key = index); empty when they are inline or unreadable. */
  static Map<Integer, String> items(KubernetesClient client, String namespace, String job) {
    Map<Integer, String> out = new HashMap<>();
    try {
      for (ConfigMap cm : client.configMaps().inNamespace(namespace).withLabel(Keys.ITEMS_JOB_LABEL, job).list()
          .getItems()) {
        if (cm.getData() != null) {
          cm.getData().forEach((k, v) -> {
            if (!k.isEmpty() && k.length() <= 9 && k.chars().allMatch(Character::isDigit)) {
              out.put(Integer.parseInt(k), v);
            }
          });
        }
      }
    } catch (KubernetesClientException e) {
      // items are a nicety: without access to ConfigMaps the ITEM column stays empty
    }
    return out;
  }

  public static List<IndexRow> rows(JobState s, PodsByIndex pods, Map<Integer, String> items, Instant now) {
    List<IndexRow> rows = new ArrayList<>(s.completions());
    for (int i = 0; i < s.completions(); i++) {
      List<Pod> attempts = pods.attempts(i);
      Pod chosen = pods.chosen(i);
      String state = state(s, i, chosen != null, chosen == null ? null : PodsByIndex.phase(chosen));
      List<String> names = attempts.stream().map(p -> p.getMetadata().getName()).toList();
      Duration duration = null;
      Integer exit = null;
      String reason = null;
      String node = null;
      if (chosen != null) {
        ContainerStatus main = mainContainer(chosen);
        duration = duration(chosen, main, now);
        node = chosen.getSpec() == null ? null : chosen.getSpec().getNodeName();
        if (main != null && main.getState() != null && main.getState().getTerminated() != null) {
          exit = main.getState().getTerminated().getExitCode();
          String r = main.getState().getTerminated().getReason();
          if (r != null && !r.equals("Completed") && !r.equals("Error")) {
            reason = r;
          }
        } else {
          reason = waitingReason(chosen);
        }
        if (reason == null && chosen.getStatus() != null && chosen.getStatus().getReason() != null) {
          reason = chosen.getStatus().getReason();
        }
      }
      rows.add(new IndexRow(i, items.get(i), state, attempts.size(),
          chosen == null ? null : chosen.getMetadata().getName(), names, duration, exit, reason, node));
    }
    return rows;
  }

  /** The STATE of an attempt that failed in an index the Job will not retry: its outcome is already decided. */
  static final String FAILED_JOB_SUCCEEDED = "Failed (not retried: the Job succeeded)";
  static final String FAILED_JOB_FAILED = "Failed (not retried: the Job failed)";

  /**
   * An index's STATE, the same in the table and the accounting: {@code Succeeded} or {@code Failed} from the Job's
   * index sets first, else {@code NotStarted} without a pod, else the phase of the attempt that speaks for it. The
   * header's failed indexes are the Job's {@code failedIndexes}, which list only indexes that failed for good under
   * backoffLimitPerIndex: an attempt that failed after the Job's outcome was decided (a successPolicy met, the Job
   * failed) is never retried and never listed there, and its STATE says why.
   */
  static String state(JobState s, int index, boolean hasPod, String phase) {
    if (s.completedIndexes().contains(index)) {
      return "Succeeded";
    }
    if (s.failedIndexes().contains(index)) {
      return "Failed";
    }
    if (!hasPod) {
      return "NotStarted";
    }
    if (phase == null || phase.equals("Unknown")) {
      return "Pending";
    }
    if (phase.equals("Failed")) {
      if (s.has(JobState.SUCCESS_CRITERIA_MET) || s.has(JobState.COMPLETE)) {
        return FAILED_JOB_SUCCEEDED;
      }
      if (s.has(JobState.FAILURE_TARGET) || s.has(JobState.FAILED)) {
        return FAILED_JOB_FAILED;
      }
    }
    return phase;
  }

  /** The container that speaks for the pod: the default-container annotation, else "worker", else the first. */
  static ContainerStatus mainContainer(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null
        || p.getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    List<ContainerStatus> cs = p.getStatus().getContainerStatuses();
    String preferred = p.getMetadata().getAnnotations() == null ? null
        : p.getMetadata().getAnnotations().get(Keys.DEFAULT_CONTAINER_ANNOTATION);
    for (String want : new String[] {preferred, "worker"}) {
      if (want != null) {
        for (ContainerStatus c : cs) {
          if (want.equals(c.getName())) {
            return c;
          }
        }
      }
    }
    return cs.get(0);
  }

  private static String waitingReason(Pod p) {
    for (ContainerStatus c : PodsByIndex.containerStatuses(p)) {
      if (c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null
          && !"PodInitializing".equals(c.getState().getWaiting().getReason())) {
        return c.getState().getWaiting().getReason();
      }
    }
    return null;
  }

  private static Duration duration(Pod p, ContainerStatus main, Instant now) {
    Instant start = p.getStatus() == null ? null : JobState.time(p.getStatus().getStartTime());
    if (start == null) {
      return null;
    }
    Instant end = null;
    if (main != null && main.getState() != null && main.getState().getTerminated() != null) {
      end = JobState.time(main.getState().getTerminated().getFinishedAt());
    }
    String phase = PodsByIndex.phase(p);
    if (end == null && ("Succeeded".equals(phase) || "Failed".equals(phase))) {
      return null;
    }
    return Duration.between(start, end == null ? now : end);
  }
}
