package io.github.kubectlindexed.app;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.cluster.ApiErrors;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.Creator;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.LogFollower;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.manifest.Manifest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The run workflow, composed of the others: create, then follow the logs alongside the await, then drain the
 * streams. On an interrupt (a shutdown of the process) it says how to reattach, or deletes the Job when asked.
 */
public final class RunJob {
  private RunJob() {}

  /** How long a log stream may stay silent after the Job has finished before run stops following it. */
  public static final Duration DRAIN_IDLE = Duration.ofSeconds(5);
  /** The most a drain may take after the Job has finished. */
  static final Duration DRAIN_MAX = Duration.ofSeconds(60);

  /** What to run: the manifest, and how to wait for it. */
  public record Spec(Manifest manifest, boolean failFast, Duration timeout, boolean deleteOnInterrupt) {}

  /**
   * What happened: what was created, the wait's outcome, and the indexes whose log was not delivered (a log request
   * that failed after its retries, or a follow that stopped on an error); empty when every log was printed.
   */
  public record Result(Creator.Created created, AwaitJob.Outcome outcome, IndexSet unreadLogs) {}

  /** Where run reports as it goes. */
  public interface Reporter extends JobWaiter.Listener {
    /** An object was created. */
    void created(HasMetadata object);

    /** A line for stderr (an empty string is an empty line). */
    void note(String line);
  }

  public static Result run(Cluster cluster, Spec spec, LogFollower.Sink logs, Reporter reporter, Clock clock)
      throws InterruptedException {
    Jobs.requireKueue(cluster, spec.manifest()); // a queued Job on a cluster without Kueue would wait for ever
    Creator.Created created = Jobs.create(cluster, spec.manifest(), false, true, reporter::note);
    created.objects().forEach(reporter::created);
    Job made = created.job();
    String name = made.getMetadata().getName();
    AtomicBoolean finished = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      if (!finished.get()) {
        interrupted(cluster, name, spec.deleteOnInterrupt(), reporter::note);
      }
    }, "run-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      java.util.Set<Integer> unread = java.util.concurrent.ConcurrentHashMap.newKeySet();
      AwaitJob.Outcome outcome = followAndAwait(cluster, spec, made, logs, reporter, clock, unread);
      return new Result(created, outcome, IndexSet.of(unread.stream().mapToInt(Integer::intValue).sorted().toArray()));
    } finally {
      finished.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: let it finish
      }
    }
  }

  private static AwaitJob.Outcome followAndAwait(Cluster cluster, Spec spec, Job made, LogFollower.Sink logs,
      JobWaiter.Listener progress, Clock clock, java.util.Set<Integer> unread) throws InterruptedException {
    String name = made.getMetadata().getName();
    JobState state = JobState.of(made);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong lastOutput = new AtomicLong(clock.millis());
    LogFollower.Sink timed = new LogFollower.Sink() {
      @Override
      public void line(LogCollector.Source s, String line) {
        lastOutput.set(clock.millis());
        logs.line(s, line);
      }

      @Override
      public void text(LogCollector.Source s, String text) {
        lastOutput.set(clock.millis());
        logs.text(s, text);
      }

      @Override
      public void marker(String text) {
        logs.marker(text);
      }

      @Override
      public void unread(int index) {
        unread.add(index);
        logs.unread(index);
      }

      @Override
      public void ended(LogCollector.Source s) {
        logs.ended(s);
      }

      @Override
      public void pod(int index, int attempt, String pod, String phase) {
        logs.pod(index, attempt, pod, phase);
      }

      @Override
      public void job(JobState job) {
        logs.job(job);
      }
    };
    LogCollector.Options options = new LogCollector.Options(null, false, false, null, null, null, false, false, 50);
    // A thread of its own: following blocks, and the common pool (one thread on two cores) also completes the
    // HTTP client's responses, so blocking it would stall every request of the wait.
    CompletableFuture<LogFollower.Result> followed = new CompletableFuture<>();
    Thread follower = new Thread(() -> {
      try {
        followed.complete(CollectLogs.follow(cluster, state, IndexSet.range(state.completions()), options, timed,
            stop, clock));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        followed.complete(LogFollower.Result.DRAINED);
      } catch (RuntimeException | Error e) {
        followed.completeExceptionally(e);
      }
    }, "run-logs");
    follower.setDaemon(true);
    follower.start();
    AwaitJob.Outcome outcome = AwaitJob.run(cluster,
        new AwaitJob.Spec(name, JobWaiter.Goal.COMPLETE, spec.failFast(), spec.timeout()), clock, progress);
    if (!(outcome instanceof AwaitJob.Met)) {
      Job last = cluster.find(name);
      if (last == null || !JobState.of(last).finished()) {
        stop.set(true); // timed out, --fail-fast, or deleted: the Job goes on (or is gone); stop streaming now
      }
    }
    String stopped = drain(followed, stop, lastOutput, clock);
    if (stopped != null) {
      // the follow itself failed (not one log): no index's log can be said to have been delivered in full
      logs.marker("error: following the logs stopped: " + stopped);
      for (int i = 0; i < state.completions(); i++) {
        unread.add(i);
      }
    }
    return outcome;
  }

  /**
   * Waits for the log streams to drain after the Job has finished. Streams of terminated containers end by
   * themselves; one that stays open with nothing to say for {@link #DRAIN_IDLE} (or past a minute) is stopped.
   */
  private static String drain(CompletableFuture<LogFollower.Result> followed, AtomicBoolean stop,
      AtomicLong lastOutput, Clock clock) throws InterruptedException {
    long start = clock.millis();
    long end = start + DRAIN_MAX.toMillis();
    try {
      while (!stop.get()) {
        try {
          followed.get(100, TimeUnit.MILLISECONDS);
          return null;
        } catch (TimeoutException e) {
          long now = clock.millis();
          // silence counts from the Job's end at the earliest: pods that ended before their logs were read (a
          // tutorial worker lives about a second) still get DRAIN_IDLE to be read
          if (now - Math.max(lastOutput.get(), start) > DRAIN_IDLE.toMillis() || now > end) {
            stop.set(true);
          }
        }
      }
      followed.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException ignored) {
      // give up on streams that stay open after the Job's end
    } catch (ExecutionException e) {
      return ApiErrors.describe(e.getCause());
    }
    return null;
  }

  /** Ctrl-C: say how to reattach, or delete the Job when asked to. */
  public static void interrupted(Cluster cluster, String name, boolean delete, Consumer<String> notes) {
    String ns = cluster.namespaceFlag();
    notes.accept("");
    if (delete) {
      try {
        List<String> lines = cluster.delete(name);
        lines.forEach(notes);
      } catch (RuntimeException e) {
        notes.accept("error: could not delete job/" + name + ": " + ApiErrors.describe(e)
            + "; delete it with: kubectl indexed delete " + name + ns);
      }
    } else {
      notes.accept("interrupted: job/" + name + " keeps running. Reattach with:");
      notes.accept("  kubectl indexed wait " + name + ns);
      notes.accept("  kubectl indexed logs -f " + name + ns);
      notes.accept("or delete it with: kubectl indexed delete " + name + ns);
    }
  }
}
