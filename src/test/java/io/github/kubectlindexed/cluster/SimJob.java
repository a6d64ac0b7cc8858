package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.index.IndexSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small simulated Job controller for the mock server, driven step by step by a test: it creates pods with the
 * index label and annotation, moves them through their phases, retries an index (with the per-index failure count
 * when backoffLimitPerIndex is set), and writes the Job's status and conditions.
 */
public final class SimJob {
  public static final String INDEX = "batch.kubernetes.io/job-completion-index";
  public static final String FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";

  private final KubernetesClient client;
  private final String ns;
  private final String name;
  private String uid;
  private final Map<Integer, List<String>> attempts = new TreeMap<>();
  private final Map<Integer, Integer> failures = new TreeMap<>();
  private IndexSet completed = IndexSet.empty();
  private IndexSet failedIdx = IndexSet.empty();
  private int succeeded;
  private int failed;
  private final List<JobCondition> conditions = new ArrayList<>();
  private int seq;
  private Instant clock = Instant.parse("2025-01-01T10:00:00Z");
  /** Pods without the index label (clusters before 1.28): only the annotation. */
  public boolean annotationOnly;

  private SimJob(KubernetesClient client, String ns, String name) {
    this.client = client;
    this.ns = ns;
    this.name = name;
  }

  /** An Indexed Job labelled as the plugin labels its Jobs. */
  public static Job indexedJob(String name, int completions, int parallelism, Integer backoffLimitPerIndex) {
    return new JobBuilder()
        .withNewMetadata().withName(name)
        .addToLabels("app.kubernetes.io/managed-by", "kubectl-indexed")
        .endMetadata()
        .withNewSpec()
        .withCompletions(completions).withParallelism(parallelism).withCompletionMode("Indexed")
        .withBackoffLimitPerIndex(backoffLimitPerIndex)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addToInitContainers(new ContainerBuilder().withName("input").withImage("docker.io/library/bash").build())
        .addToContainers(new ContainerBuilder().withName("worker").withImage("docker.io/library/busybox").build())
        .endSpec().endTemplate()
        .endSpec().build();
  }

  /** Creates the Job in the store and returns its controller. */
  public static SimJob create(KubernetesClient client, String ns, Job job) {
    Job created = client.batch().v1().jobs().inNamespace(ns).resource(job).create();
    SimJob sim = new SimJob(client, ns, created.getMetadata().getName());
    sim.uid = created.getMetadata().getUid();
    sim.writeStatus();
    return sim;
  }

  /** Takes over a Job that something else created (e.g. the command under test). */
  public static SimJob attach(KubernetesClient client, String ns, String name) {
    Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    SimJob sim = new SimJob(client, ns, name);
    sim.uid = job.getMetadata().getUid();
    sim.writeStatus();
    return sim;
  }

  public String uid() {
    return uid;
  }

  private Job job() {
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  /** Starts a new attempt of {@code index}: a Pending pod. Returns the pod's name. */
  public synchronized String start(int index) {
    String pod = name + "-" + index + "-" + String.format("%05d", ++seq);
    Job job = job();
    boolean perIndex = job.getSpec().getBackoffLimitPerIndex() != null;
    clock = clock.plusSeconds(1);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("batch.kubernetes.io/job-name", name);
    labels.put("job-name", name);
    labels.put("batch.kubernetes.io/controller-uid", uid);
    if (!annotationOnly) {
      labels.put(INDEX, Integer.toString(index));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(INDEX, Integer.toString(index));
    if (perIndex) {
      annotations.put(FAILURE_COUNT, Integer.toString(failures.getOrDefault(index, 0)));
    }
    Pod p = new PodBuilder().withNewMetadata().withName(pod).withLabels(labels).withAnnotations(annotations)
        .withCreationTimestamp(clock.toString())
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(name).withUid(uid)
        .withController(true).endOwnerReference()
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .withNewStatus().withPhase("Pending").endStatus()
        .build();
    client.pods().inNamespace(ns).resource(p).create();
    attempts.computeIfAbsent(index, k -> new ArrayList<>()).add(pod);
    writeStatus();
    return pod;
  }

  public synchronized List<String> attempts(int index) {
    return List.copyOf(attempts.getOrDefault(index, List.of()));
  }

  private String newest(int index) {
    List<String> a = attempts.get(index);
    if (a == null || a.isEmpty()) {
      throw new IllegalStateException("index " + index + " has no pod");
    }
    return a.get(a.size() - 1);
  }

  /** The newest attempt of {@code index} runs. */
  public synchronized void run(int index) {
    clock = clock.plusSeconds(1);
    setPod(newest(index), "Running", new ContainerStatusBuilder().withName("worker").withReady(true)
        .withNewState().withNewRunning().withStartedAt(clock.toString()).endRunning().endState().build());
  }

  /** The newest attempt of {@code index} exits 0. */
  public synchronized void succeed(int index) {
    clock = clock.plusSeconds(1);
    setPod(newest(index), "Succeeded", terminated(0, "Completed"));
    succeeded++;
    completed = completed.union(IndexSet.of(index));
    writeStatus();
  }

  /** The newest attempt of {@code index} exits with {@code exitCode}; with backoffLimitPerIndex, the index may fail for good. */
  public synchronized void fail(int index, int exitCode) {
    clock = clock.plusSeconds(1);
    setPod(newest(index), "Failed", terminated(exitCode, "Error"));
    failed++;
    int count = failures.merge(index, 1, Integer::sum);
    Integer limit = job().getSpec().getBackoffLimitPerIndex();
    if (limit != null && count > limit) {
      failedIdx = failedIdx.union(IndexSet.of(index));
    }
    writeStatus();
  }

  private ContainerStatus terminated(int exitCode, String reason) {
    return new ContainerStatusBuilder().withName("worker").withReady(false)
        .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason)
        .withStartedAt(clock.minusSeconds(1).toString()).withFinishedAt(clock.toString()).endTerminated().endState()
        .build();
  }

  private void setPod(String podName, String phase, ContainerStatus cs) {
    Pod p = client.pods().inNamespace(ns).withName(podName).get();
    p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase)
        .withStartTime(clock.minusSeconds(1).toString()).withContainerStatuses(cs).build());
    client.pods().inNamespace(ns).resource(p).updateStatus();
  }

  /** Sets a True condition (e.g. FailureTarget, SuccessCriteriaMet, Complete, Failed). */
  public synchronized void condition(String type, String reason, String message) {
    conditions.add(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
        .withMessage(message).build());
    writeStatus();
  }

  /** Success decided, then Complete. */
  public void complete() {
    condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
    condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods");
  }

  public void delete() {
    client.batch().v1().jobs().inNamespace(ns).withName(name).delete();
  }

  private int active() {
    int n = 0;
    for (List<String> a : attempts.values()) {
      for (String p : a) {
        Pod pod = client.pods().inNamespace(ns).withName(p).get();
        String phase = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
          n++;
        }
      }
    }
    return n;
  }

  private void writeStatus() {
    Job job = job();
    JobStatus st = new JobStatus();
    st.setStartTime("2025-01-01T10:00:00Z");
    st.setActive(active());
    st.setSucceeded(succeeded);
    st.setFailed(failed);
    st.setCompletedIndexes(completed.toString());
    if (job.getSpec().getBackoffLimitPerIndex() != null) {
      st.setFailedIndexes(failedIdx.toString());
    }
    st.setConditions(new ArrayList<>(conditions));
    job.setStatus(st);
    client.batch().v1().jobs().inNamespace(ns).resource(job).updateStatus();
  }
}
