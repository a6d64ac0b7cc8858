package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.github.kubectlindexed.index.IndexSet;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the plugin needs of a Job, read null-safely from the API object: counts, index sets and conditions.
 * Pure data; built by {@link #of(Job)}.
 */
public record JobState(
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    boolean indexed,
    int completions,
    int parallelism,
    boolean perIndexBackoff,
    int succeeded,
    int failed,
    int active,
    IndexSet completedIndexes,
    IndexSet failedIndexes,
    List<Condition> conditions,
    Instant created,
    Instant started,
    Instant completed,
    boolean suspended,
    String queue) {

  /** A Job condition. */
  public record Condition(String type, String status, String reason, String message) {
    public boolean isTrue() {
      return "True".equalsIgnoreCase(status);
    }
  }

  public static final String COMPLETE = "Complete";
  public static final String FAILED = "Failed";
  public static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
  public static final String FAILURE_TARGET = "FailureTarget";
  public static final String SUSPENDED = "Suspended";

  public static JobState of(Job job) {
    Objects.requireNonNull(job, "job");
    JobSpec spec = job.getSpec();
    JobStatus st = job.getStatus();
    List<Condition> conds = new ArrayList<>();
    if (st != null && st.getConditions() != null) {
      for (JobCondition c : st.getConditions()) {
        if (c != null && c.getType() != null) {
          conds.add(new Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
        }
      }
    }
    return new JobState(
        job.getMetadata() == null ? null : job.getMetadata().getNamespace(),
        job.getMetadata() == null ? null : job.getMetadata().getName(),
        job.getMetadata() == null ? null : job.getMetadata().getUid(),
        job.getMetadata() == null ? null : job.getMetadata().getResourceVersion(),
        spec != null && "Indexed".equals(spec.getCompletionMode()),
        spec == null || spec.getCompletions() == null ? 1 : spec.getCompletions(),
        spec == null || spec.getParallelism() == null ? 1 : spec.getParallelism(),
        spec != null && spec.getBackoffLimitPerIndex() != null,
        st == null || st.getSucceeded() == null ? 0 : st.getSucceeded(),
        st == null || st.getFailed() == null ? 0 : st.getFailed(),
        st == null || st.getActive() == null ? 0 : st.getActive(),
        indexes(st == null ? null : st.getCompletedIndexes()),
        indexes(st == null ? null : st.getFailedIndexes()),
        List.copyOf(conds),
        time(job.getMetadata() == null ? null : job.getMetadata().getCreationTimestamp()),
        time(st == null ? null : st.getStartTime()),
        time(st == null ? null : st.getCompletionTime()),
        spec != null && Boolean.TRUE.equals(spec.getSuspend()),
        job.getMetadata() == null || job.getMetadata().getLabels() == null ? null
            : job.getMetadata().getLabels().get(io.github.kubectlindexed.manifest.Keys.QUEUE_NAME_LABEL));
  }

  private static IndexSet indexes(String s) {
    try {
      return IndexSet.parse(s);
    } catch (IllegalArgumentException e) {
      return IndexSet.empty();
    }
  }

  static Instant time(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    Instant fast = canonical(s);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The form the apiserver writes ({@code 2026-11-29T06:16:47Z}) read digit by digit: a 10,000-row status parses
   * twenty thousand of these, and {@link Instant#parse} costs far more per call. Null when {@code s} has another form.
   */
  private static Instant canonical(String s) {
    if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second);
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The condition of this type whose status is True. */
  public Optional<Condition> trueCondition(String type) {
    return conditions.stream().filter(c -> type.equals(c.type()) && c.isTrue()).findFirst();
  }

  public boolean has(String type) {
    return trueCondition(type).isPresent();
  }

  /** Every pod has ended: Complete or Failed is True. */
  public boolean finished() {
    return has(COMPLETE) || has(FAILED);
  }

  /** The outcome is decided, though pods may still be terminating. */
  public boolean decided() {
    return finished() || has(SUCCESS_CRITERIA_MET) || has(FAILURE_TARGET);
  }

  /** The True conditions, in the order the server lists them, as "Type" or "Type(Reason)". */
  public List<String> trueConditionNames() {
    List<String> out = new ArrayList<>();
    for (Condition c : conditions) {
      if (c.isTrue()) {
        out.add(c.reason() == null || c.reason().isEmpty() ? c.type() : c.type() + "(" + c.reason() + ")");
      }
    }
    return out;
  }

  /** Suspended and labelled for a Kueue queue: waiting for Kueue to admit it (un-suspend it). */
  public boolean awaitingAdmission() {
    return suspended && queue != null && !queue.isEmpty() && !finished();
  }

  /**
   * Where the Job stands on suspension, in words, or null when it is an ordinary running Job: "waiting for admission
   * in queue Q", "suspended", or (a queued Job that runs) "admitted by queue Q at T" (Kueue admits by un-suspending;
   * the Job controller then resets startTime, so startTime is the admission time).
   */
  public String admission() {
    if (finished()) {
      return null;
    }
    if (awaitingAdmission()) {
      return "waiting for admission in queue " + queue;
    }
    if (suspended) {
      return "suspended";
    }
    if (queue != null && !queue.isEmpty()) {
      return "admitted by queue " + queue + (started == null ? "" : " at " + started);
    }
    return null;
  }

  /** One line: {@code 3/5 succeeded, 1 failed, 1 active}. */
  public String counts() {
    return succeeded + "/" + completions + " succeeded, " + failed + " failed, " + active + " active";
  }
}
