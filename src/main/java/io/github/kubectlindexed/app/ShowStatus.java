package io.github.kubectlindexed.app;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.cluster.ApiErrors;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.cluster.StatusReader;
import io.github.kubectlindexed.cluster.Transient;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/** The status workflows: one report per index, once or redrawn while the Job runs. */
public final class ShowStatus {
  private ShowStatus() {}

  /** How often a watching status redraws on a terminal while nothing changes (the durations move). */
  static final Duration REDRAW = Duration.ofSeconds(2);

  /** One report. With a name, the pods are listed while the Job is read (the owner check comes after). */
  public static StatusReader.Report once(Cluster cluster, String name, Consumer<String> notes, Clock clock) {
    StatusReader.Early early = name == null ? null : cluster.statusEarly(name);
    Job job = cluster.resolve(name, notes);
    return early != null ? early.report(job, clock.instant()) : cluster.status(job, clock.instant());
  }

  /**
   * Accounting: the Job's state to {@code header} once, then one row per index to {@code rows}, in index order,
   * read a page of pods at a time (bounded memory, for {@code status -o csv|json}).
   */
  public static void account(Cluster cluster, String name, Consumer<String> notes, Clock clock,
      Consumer<JobState> header, Consumer<Cluster.IndexAccount> rows) {
    Job job = cluster.resolve(name, notes);
    header.accept(JobState.of(job));
    cluster.accounting(job, clock.instant(), rows);
  }

  /**
   * Reports on every change of the Job (and on every tick when {@code redrawOnTick}) until it has finished; then
   * once more with the final state when the last report did not show it.
   *
   * @return the outcome of the watch: {@link AwaitJob.Deleted} when the Job went away
   */
  public static AwaitJob.Outcome watch(Cluster cluster, Job job, Clock clock, boolean redrawOnTick,
      Consumer<StatusReader.Report> draw) throws InterruptedException {
    String name = job.getMetadata().getName();
    JobWaiter waiter = cluster.waiter(name, clock).tick(REDRAW);
    final Job[] latest = {job};
    JobWaiter.Outcome outcome = waiter.await(JobWaiter.Goal.COMPLETE, false, null, new JobWaiter.Listener() {
      // an apiserver restart fails these reads: skip that redraw (the waiter re-watches, as wait does; the next
      // change or tick draws again, and the end state is drawn below)
      @Override
      public void onUpdate(JobState s) {
        try {
          Job now = cluster.find(name);
          if (now != null) {
            latest[0] = now;
            draw.accept(cluster.status(now, clock.instant()));
          }
        } catch (RuntimeException e) {
          if (!ApiErrors.transientFailure(e)) {
            throw e;
          }
        }
      }

      @Override
      public void onTick() {
        if (redrawOnTick && latest[0] != null) {
          try {
            draw.accept(cluster.status(latest[0], clock.instant()));
          } catch (RuntimeException e) {
            if (!ApiErrors.transientFailure(e)) {
              throw e;
            }
          }
        }
      }
    });
    if (outcome.kind() == JobWaiter.Kind.DELETED) {
      return new AwaitJob.Deleted(outcome.message());
    }
    // SuccessCriteriaMet / FailureTarget come before the pods have ended: show the end state once more
    if (outcome.kind() != JobWaiter.Kind.TIMEOUT) {
      Job last = Transient.retry(() -> cluster.find(name));
      if (last != null && !last.getMetadata().getResourceVersion()
          .equals(latest[0].getMetadata().getResourceVersion())) {
        draw.accept(Transient.retry(() -> cluster.status(last, clock.instant())));
      }
    }
    return outcome.kind() == JobWaiter.Kind.TIMEOUT ? new AwaitJob.TimedOut(outcome.message())
        : new AwaitJob.Met(outcome.message());
  }
}
