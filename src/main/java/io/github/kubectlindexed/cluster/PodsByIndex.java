package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.manifest.Keys;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Job's pods grouped by completion index. The index comes from the label
 * {@code batch.kubernetes.io/job-completion-index} (1.28+), else from the annotation of the same name; pod names are
 * never parsed. Each index's attempts are ordered oldest first.
 */
public final class PodsByIndex {

  private static final Comparator<Pod> OLDEST_FIRST = Comparator
      .comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
      .thenComparingInt(PodsByIndex::failureCount)
      .thenComparing(p -> p.getMetadata().getName());

  private final Map<Integer, List<Pod>> byIndex;

  private PodsByIndex(Map<Integer, List<Pod>> byIndex) {
    this.byIndex = byIndex;
  }

  /** Lists the pods of {@code jobName} (owned by {@code jobUid} when given), in pages ({@link PodLister}). */
  public static PodsByIndex list(KubernetesClient client, String namespace, String jobName, String jobUid) {
    return of(listPods(client, namespace, jobName), jobUid);
  }

  /** The pods labelled with the Job's name, whichever Job of that name owns them (see {@link #of}). */
  static List<Pod> listPods(KubernetesClient client, String namespace, String jobName) {
    List<Pod> pods = listByLabel(client, namespace, Keys.JOB_NAME_LABEL, jobName);
    if (pods.isEmpty()) {
      pods = listByLabel(client, namespace, Keys.LEGACY_JOB_NAME_LABEL, jobName); // clusters before 1.27
    }
    return pods;
  }

  static List<Pod> listByLabel(KubernetesClient client, String namespace, String label, String value) {
    return PodLister.list(client, namespace, label, value).pods();
  }

  /** Groups pods by index, keeping only those owned by the Job with {@code jobUid} (when given). */
  public static PodsByIndex of(List<Pod> pods, String jobUid) {
    Map<Integer, List<Pod>> m = new TreeMap<>();
    for (Pod p : pods) {
      if (p == null || p.getMetadata() == null || !ownedBy(p, jobUid)) {
        continue;
      }
      Integer idx = indexOf(p);
      if (idx != null) {
        m.computeIfAbsent(idx, k -> new ArrayList<>()).add(p);
      }
    }
    m.values().forEach(l -> l.sort(OLDEST_FIRST));
    return new PodsByIndex(m);
  }

  static boolean ownedBy(Pod p, String jobUid) {
    if (jobUid == null) {
      return true;
    }
    List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      return true;
    }
    return refs.stream().anyMatch(r -> Objects.equals(jobUid, r.getUid()));
  }

  /** The pod's completion index: label first, then annotation; null when neither is a number. */
  public static Integer indexOf(Pod p) {
    Integer i = number(p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(Keys.INDEX_KEY));
    if (i == null) {
      i = number(p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(Keys.INDEX_KEY));
    }
    return i;
  }

  static int failureCount(Pod p) {
    Integer n = number(p.getMetadata().getAnnotations() == null ? null
        : p.getMetadata().getAnnotations().get(Keys.FAILURE_COUNT_KEY));
    return n == null ? 0 : n;
  }

  private static Integer number(String s) {
    if (s == null || s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Integer.parseInt(s);
  }

  /** The indexes that have at least one pod. */
  public java.util.Set<Integer> indexes() {
    return Collections.unmodifiableSet(byIndex.keySet());
  }

  /** Every attempt of {@code index}, oldest first. */
  public List<Pod> attempts(int index) {
    return Collections.unmodifiableList(byIndex.getOrDefault(index, List.of()));
  }

  /** The attempt whose logs speak for the index: the succeeded one, else the newest; null when there is none. */
  public Pod chosen(int index) {
    List<Pod> a = byIndex.get(index);
    if (a == null || a.isEmpty()) {
      return null;
    }
    for (int i = a.size() - 1; i >= 0; i--) {
      if ("Succeeded".equals(phase(a.get(i)))) {
        return a.get(i);
      }
    }
    return a.get(a.size() - 1);
  }

  public static String phase(Pod p) {
    return p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  /** The statuses of a pod's init containers, then of its containers; empty before the kubelet reports any. */
  static List<ContainerStatus> containerStatuses(Pod p) {
    List<ContainerStatus> all = new ArrayList<>();
    if (p.getStatus() != null) {
      if (p.getStatus().getInitContainerStatuses() != null) {
        all.addAll(p.getStatus().getInitContainerStatuses());
      }
      if (p.getStatus().getContainerStatuses() != null) {
        all.addAll(p.getStatus().getContainerStatuses());
      }
    }
    return all;
  }
}
