package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.manifest.Keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per-index accounting ({@code status -o csv|json}), Slurm's {@code sacct} for an Indexed Job: one row per index
 * with its attempts, node, created / scheduled / started / finished times, duration and exit code or reason.
 *
 * <p>Bounded memory: the pods are read a page at a time ({@link PodLister#forEachPage}) and each page is folded into
 * one small slot per index (the attempt that speaks for it, and the names of all attempts), so no page is kept; the
 * rows are then handed out one by one in index order, never gathered.
 */
final class Accounting {
  private Accounting() {}

  /** The attempt that speaks for an index so far, as the few fields a row needs. */
  private static final class Slot {
    int attempts;
    /** every attempt as its sort key (creation time, failure count, name) and its name: oldest first at the end */
    List<String[]> pods;
    String pod;
    String createdText;
    int failureCount;
    boolean succeeded;
    String phase;
    String node;
    Instant created;
    Instant scheduled;
    Instant started;
    Instant finished;
    Integer exitCode;
    String reason;
  }

  static void read(KubernetesClient client, String namespace, Job job, Instant now,
      Consumer<Cluster.IndexAccount> rows) {
    JobState s = JobState.of(job);
    Slot[] slots = new Slot[Math.max(0, s.completions())];
    Map<String, String> nodes = new HashMap<>(); // one String per node name, however many pods ran there
    Consumer<List<Pod>> fold = page -> {
      for (Pod p : page) {
        if (p == null || p.getMetadata() == null || !PodsByIndex.ownedBy(p, s.uid())) {
          continue;
        }
        Integer idx = PodsByIndex.indexOf(p);
        if (idx == null || idx < 0 || idx >= slots.length) {
          continue;
        }
        Slot slot = slots[idx];
        if (slot == null) {
          slot = slots[idx] = new Slot();
        }
        add(slot, p, nodes);
      }
    };
    PodLister.forEachPage(client, namespace, Keys.JOB_NAME_LABEL, s.name(), fold);
    boolean none = true;
    for (Slot x : slots) {
      if (x != null) {
        none = false;
        break;
      }
    }
    if (none) {
      PodLister.forEachPage(client, namespace, Keys.LEGACY_JOB_NAME_LABEL, s.name(), fold); // before 1.27
    }
    Map<Integer, String> items = StatusReader.items(client, namespace, s.name());
    for (int i = 0; i < slots.length; i++) {
      Slot x = slots[i];
      slots[i] = null; // handed out: let it go
      rows.accept(row(s, i, x, items.get(i), now));
    }
  }

  private static void add(Slot slot, Pod p, Map<String, String> nodes) {
    slot.attempts++;
    if (slot.pods == null) {
      slot.pods = new ArrayList<>(1);
    }
    String name = p.getMetadata().getName();
    String created = String.valueOf(p.getMetadata().getCreationTimestamp());
    int failures = PodsByIndex.failureCount(p);
    slot.pods.add(new String[] {created, String.format("%010d", failures), name});
    boolean succeeded = "Succeeded".equals(PodsByIndex.phase(p));
    // the attempt that speaks: the newest succeeded one, else the newest (PodsByIndex.chosen)
    boolean newer = slot.pod == null || compare(created, failures, name, slot.createdText, slot.failureCount,
        slot.pod) > 0;
    boolean take = slot.pod == null || (succeeded && !slot.succeeded) || (succeeded == slot.succeeded && newer);
    if (!take) {
      return;
    }
    slot.pod = name;
    slot.createdText = created;
    slot.failureCount = failures;
    slot.succeeded = succeeded;
    slot.phase = PodsByIndex.phase(p);
    String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
    slot.node = node == null ? null : nodes.computeIfAbsent(node, n -> n);
    slot.created = JobState.time(p.getMetadata().getCreationTimestamp());
    slot.scheduled = null;
    if (p.getStatus() != null && p.getStatus().getConditions() != null) {
      for (PodCondition c : p.getStatus().getConditions()) {
        if ("PodScheduled".equals(c.getType()) && "True".equals(c.getStatus())) {
          slot.scheduled = JobState.time(c.getLastTransitionTime());
        }
      }
    }
    ContainerStatus main = StatusReader.mainContainer(p);
    Instant podStart = p.getStatus() == null ? null : JobState.time(p.getStatus().getStartTime());
    slot.started = podStart;
    slot.finished = null;
    slot.exitCode = null;
    slot.reason = null;
    if (main != null && main.getState() != null) {
      if (main.getState().getRunning() != null && main.getState().getRunning().getStartedAt() != null) {
        slot.started = JobState.time(main.getState().getRunning().getStartedAt());
      }
      if (main.getState().getTerminated() != null) {
        var t = main.getState().getTerminated();
        if (t.getStartedAt() != null) {
          slot.started = JobState.time(t.getStartedAt());
        }
        slot.finished = JobState.time(t.getFinishedAt());
        slot.exitCode = t.getExitCode();
        if (t.getReason() != null && !t.getReason().equals("Completed") && !t.getReason().equals("Error")) {
          slot.reason = t.getReason();
        }
      }
    }
    if (slot.exitCode == null) {
      for (ContainerStatus c : PodsByIndex.containerStatuses(p)) {
        if (c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null
            && !"PodInitializing".equals(c.getState().getWaiting().getReason())) {
          slot.reason = c.getState().getWaiting().getReason();
          break;
        }
      }
    }
    if (slot.reason == null && p.getStatus() != null && p.getStatus().getReason() != null) {
      slot.reason = p.getStatus().getReason();
    }
  }

  private static int compare(String created, int failures, String name, String oCreated, int oFailures,
      String oName) {
    int c = created.compareTo(oCreated);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(failures, oFailures);
    return c != 0 ? c : name.compareTo(oName);
  }

  private static Cluster.IndexAccount row(JobState s, int i, Slot x, String item, Instant now) {
    String state = StatusReader.state(s, i, x != null, x == null ? null : x.phase);
    if (x == null) {
      return new Cluster.IndexAccount(i, item, state, 0, null, List.of(), null, null, null, null, null, null,
          null, null);
    }
    Long seconds = null;
    if (x.started != null) {
      boolean ended = "Succeeded".equals(x.phase) || "Failed".equals(x.phase);
      if (x.finished != null) {
        seconds = Duration.between(x.started, x.finished).getSeconds();
      } else if (!ended) {
        seconds = Duration.between(x.started, now).getSeconds();
      }
    }
    List<String> names;
    if (x.pods.size() == 1) {
      names = List.of(x.pods.get(0)[2]);
    } else {
      x.pods.sort(java.util.Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1])
          .thenComparing(a -> a[2])); // oldest first, as PodsByIndex orders the attempts
      names = x.pods.stream().map(a -> a[2]).toList();
    }
    return new Cluster.IndexAccount(i, item, state, x.attempts, x.pod, names, x.node, x.created, x.scheduled,
        x.started, x.finished, seconds, x.exitCode, x.reason);
  }
}
