package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.github.kubectlindexed.PluginException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a Job's outcome by list-then-watch: read the Job, judge it, then watch from its resourceVersion. A
 * dropped watch or a 410 Gone re-reads the Job and watches again from the fresh version, so no transition is
 * missed; a Job that had already finished is judged before any watch starts. Never sleep-polls.
 */
public final class JobWaiter {
  /** The outcome waited for. */
  public enum Goal { COMPLETE, FAILED }

  /** How the wait ended. */
  public enum Kind {
    /** the awaited outcome happened */
    MET,
    /** the awaited outcome can no longer happen (or --fail-fast saw an index fail) */
    IMPOSSIBLE,
    /** the Job was deleted (or replaced by another of the same name) while waited on */
    DELETED,
    /** the time ran out */
    TIMEOUT
  }

  /** The end of a wait: its kind, the last Job state seen, and a one-line explanation. */
  public record Outcome(Kind kind, JobState job, String message) {}

  /** Sees every state of the Job the waiter reads, and a tick about once a second while nothing happens. */
  public interface Listener {
    void onUpdate(JobState job);

    default void onTick() {}
  }

  /** The pure judgement of one Job state. Empty: not decided yet. */
  public static Optional<Outcome> judge(JobState s, Goal goal, boolean failFast) {
    if (s == null) {
      return Optional.of(new Outcome(Kind.DELETED, null, "the Job was deleted"));
    }
    Optional<JobState.Condition> success = s.trueCondition(JobState.COMPLETE)
        .or(() -> s.trueCondition(JobState.SUCCESS_CRITERIA_MET));
    Optional<JobState.Condition> failure = s.trueCondition(JobState.FAILED)
        .or(() -> s.trueCondition(JobState.FAILURE_TARGET));
    String job = "job/" + s.name();
    if (failure.isPresent()) {
      String why = describe(failure.get());
      String failedIdx = s.failedIndexes().isEmpty() ? "" : "; failed indexes: " + s.failedIndexes();
      return Optional.of(goal == Goal.FAILED
          ? new Outcome(Kind.MET, s, job + " failed: " + why + failedIdx)
          : new Outcome(Kind.IMPOSSIBLE, s, job + " failed: " + why + failedIdx));
    }
    if (success.isPresent()) {
      if (goal == Goal.FAILED) {
        return Optional.of(new Outcome(Kind.IMPOSSIBLE, s, job + " succeeded (" + describe(success.get())
            + "), so it cannot fail any more"));
      }
      // --for=complete means the Complete condition, as with kubectl wait: SuccessCriteriaMet comes first, while
      // the last pods may still be terminating, and Complete follows once they have.
      if (s.trueCondition(JobState.COMPLETE).isPresent()) {
        return Optional.of(new Outcome(Kind.MET, s,
            job + " completed: " + s.succeeded() + "/" + s.completions() + " succeeded"));
      }
      return Optional.empty();
    }
    if (failFast && goal == Goal.COMPLETE) {
      if (!s.failedIndexes().isEmpty()) {
        return Optional.of(new Outcome(Kind.IMPOSSIBLE, s, job + ": index " + s.failedIndexes()
            + " failed for good (--fail-fast); the Job goes on"));
      }
      if (!s.perIndexBackoff() && s.failed() > 0) {
        return Optional.of(new Outcome(Kind.IMPOSSIBLE, s, job + ": " + s.failed()
            + (s.failed() == 1 ? " pod" : " pods") + " failed (--fail-fast); the Job goes on"));
      }
    }
    return Optional.empty();
  }

  private static String describe(JobState.Condition c) {
    StringBuilder sb = new StringBuilder(c.type());
    if (c.reason() != null && !c.reason().isEmpty()) {
      sb.append(" (").append(c.reason()).append(')');
    }
    if (c.message() != null && !c.message().isEmpty()) {
      sb.append(": ").append(c.message());
    }
    return sb.toString();
  }

  private sealed interface Event permits Update, Closed {}

  private record Update(Watcher.Action action, Job job) implements Event {}

  private record Closed(WatcherException cause) implements Event {}

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Clock clock;
  private Duration tick = Duration.ofSeconds(1);
  /** How long the Job may stay unreadable (apiserver down, watch refused) before the wait gives up with exit 4. */
  private Duration giveUpAfter = Duration.ofMinutes(2);

  public JobWaiter(KubernetesClient client, String namespace, String name, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.clock = clock;
  }

  /** How long the Job may stay unreachable before the wait gives up (exit 4); the timeout still applies. */
  public JobWaiter giveUpAfter(Duration unreachable) {
    this.giveUpAfter = unreachable;
    return this;
  }

  /** How often {@link Listener#onTick()} runs while nothing happens. */
  public JobWaiter tick(Duration every) {
    this.tick = every;
    return this;
  }

  /**
   * Waits until {@link #judge} decides, the Job is deleted, or the timeout passes.
   *
   * @param timeout null or negative: no limit; zero: judge the current state once
   * @throws PluginException exit 4 when the Job does not exist at the start
   */
  public Outcome await(Goal goal, boolean failFast, Duration timeout, Listener listener) throws InterruptedException {
    Instant deadline = timeout == null || timeout.isNegative() ? null : clock.instant().plus(timeout);
    Job first = read();
    if (first == null) {
      throw PluginException.cluster("jobs.batch \"" + name + "\" not found in namespace \"" + namespace + "\"", null);
    }
    String uid = first.getMetadata().getUid();
    JobState state = JobState.of(first);
    listener.onUpdate(state);
    Optional<Outcome> verdict = judge(state, goal, failFast);
    if (verdict.isPresent()) {
      return verdict.get();
    }
    if (timeout != null && timeout.isZero()) {
      return timedOut(state);
    }
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    String rv = first.getMetadata().getResourceVersion();
    int failures = 0;
    Instant failingSince = null;
    Instant retryAt = Instant.MIN;
    Watch watch = null;
    try {
      while (true) {
        if (watch == null && !clock.instant().isBefore(retryAt)) {
          try {
            watch = startWatch(rv, events);
          } catch (KubernetesClientException e) {
            events.add(new Closed(new WatcherException(e.getMessage(), e)));
          }
        }
        long waitMs = tick.toMillis();
        if (watch == null) {
          waitMs = Math.min(waitMs, Math.max(1, Duration.between(clock.instant(), retryAt).toMillis()));
        }
        if (deadline != null) {
          long left = Duration.between(clock.instant(), deadline).toMillis();
          if (left <= 0) {
            return timedOut(state);
          }
          waitMs = Math.min(waitMs, left);
        }
        Event ev = events.poll(Math.max(1, waitMs), TimeUnit.MILLISECONDS);
        if (ev == null) {
          listener.onTick();
          continue;
        }
        if (ev instanceof Update u) {
          Job j = u.job();
          if (j == null || j.getMetadata() == null || !Objects.equals(uid, j.getMetadata().getUid())) {
            continue; // another object of the same name, or an unreadable event
          }
          if (u.action() == Watcher.Action.DELETED) {
            return new Outcome(Kind.DELETED, state, "job/" + name + " was deleted while waiting for it");
          }
          if (u.action() == Watcher.Action.ERROR || u.action() == Watcher.Action.BOOKMARK) {
            continue;
          }
          failures = 0;
          failingSince = null;
          rv = j.getMetadata().getResourceVersion();
          state = JobState.of(j);
          listener.onUpdate(state);
          verdict = judge(state, goal, failFast);
          if (verdict.isPresent()) {
            return verdict.get();
          }
        } else if (ev instanceof Closed closed) {
          // The watch ended (dropped, 410 Gone, or the apiserver is away): re-read the Job and watch again from the
          // fresh version. Reconnect at once the first time, then back off (0.2 s doubling to 2 s) while it fails.
          closeQuietly(watch);
          watch = null;
          events.removeIf(e -> e instanceof Closed);
          failures++;
          Instant now = clock.instant();
          if (failingSince == null) {
            failingSince = now;
          } else if (Duration.between(failingSince, now).compareTo(giveUpAfter) > 0) {
            Throwable cause = closed.cause() == null ? null : closed.cause().getCause();
            throw PluginException.cluster("cannot watch job/" + name + " for " + giveUpAfter.toSeconds() + "s"
                + (cause == null ? "" : ": " + ApiErrors.describe(cause)), cause);
          }
          retryAt = failures <= 1 ? now : now.plusMillis(Math.min(2000, 100L << Math.min(failures - 1, 5)));
          Job again;
          try {
            again = read();
          } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403) {
              throw e;
            }
            // the apiserver is away: watch again (and so re-read) after the back-off
            retryAt = now.plusMillis(Math.min(2000, 100L << Math.min(failures, 5)));
            continue;
          }
          failingSince = null;
          if (again == null || !Objects.equals(uid, again.getMetadata().getUid())) {
            return new Outcome(Kind.DELETED, state, "job/" + name + " was deleted while waiting for it");
          }
          rv = again.getMetadata().getResourceVersion();
          state = JobState.of(again);
          listener.onUpdate(state);
          verdict = judge(state, goal, failFast);
          if (verdict.isPresent()) {
            return verdict.get();
          }
        }
      }
    } finally {
      closeQuietly(watch);
    }
  }

  private Outcome timedOut(JobState s) {
    return new Outcome(Kind.TIMEOUT, s, "timed out waiting for job/" + name + ": " + s.counts()
        + (s.completedIndexes().isEmpty() ? "" : "; completed indexes: " + s.completedIndexes())
        + (s.failedIndexes().isEmpty() ? "" : "; failed indexes: " + s.failedIndexes()));
  }

  private Job read() {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  private Watch startWatch(String rv, BlockingQueue<Event> events) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name)
        .watch(new ListOptionsBuilder().withResourceVersion(rv).withAllowWatchBookmarks(false).build(),
            new Watcher<Job>() {
              @Override
              public void eventReceived(Action action, Job resource) {
                events.add(new Update(action, resource));
              }

              @Override
              public void onClose(WatcherException cause) {
                events.add(new Closed(cause));
              }

              @Override
              public void onClose() {
                // closed by us
              }
            });
  }

  private static void closeQuietly(Watch w) {
    if (w != null) {
      try {
        w.close();
      } catch (RuntimeException ignored) {
        // closing a dead watch
      }
    }
  }
}
