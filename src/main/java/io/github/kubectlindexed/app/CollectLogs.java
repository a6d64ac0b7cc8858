package io.github.kubectlindexed.app;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.LogFollower;
import io.github.kubectlindexed.index.IndexSet;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** The logs workflows: collect the logs of finished or running indexes once, or follow them to the Job's end. */
public final class CollectLogs {
  private CollectLogs() {}

  /** What a one-shot collection delivered: how many logs could not be read, and the indexes with no pod. */
  public record Collected(int unread, IndexSet missing) {}

  /**
   * Reads the chosen attempt (or every attempt) of each selected index. The sink is made from the plan, so that
   * the printer knows how many indexes, containers and attempts it will show before the first line.
   */
  public static Collected collect(Cluster cluster, JobState job, IndexSet selected, LogCollector.Options options,
      Function<LogCollector.Plan, LogCollector.Sink> sinks) throws InterruptedException {
    return collect(cluster, job, selected, options, null, sinks);
  }

  /** As above; {@code planner}, when not null, makes the plan instead (a retry chain's: {@code RetryChain.logPlan}). */
  public static Collected collect(Cluster cluster, JobState job, IndexSet selected, LogCollector.Options options,
      java.util.function.Supplier<LogCollector.Plan> planner, Function<LogCollector.Plan, LogCollector.Sink> sinks)
      throws InterruptedException {
    LogCollector.Plan plan = planner != null ? planner.get()
        : LogCollector.plan(cluster.pods(job), selected, options);
    int unread = cluster.fetchLogs(plan, options, sinks.apply(plan));
    return new Collected(unread, plan.missing());
  }

  /** Follows the selected indexes until the Job has finished and the streams have drained, or {@code stop}. */
  public static LogFollower.Result follow(Cluster cluster, JobState job, IndexSet selected,
      LogCollector.Options options, LogFollower.Sink sink, AtomicBoolean stop, Clock clock)
      throws InterruptedException {
    return cluster.followLogs(job, selected, options, sink, stop, clock);
  }

  /** How many containers a followed pod shows: every one of the template with --all-containers, else one. */
  public static int containersShown(Job job, LogCollector.Options options) {
    if (!options.allContainers() || job.getSpec() == null || job.getSpec().getTemplate() == null
        || job.getSpec().getTemplate().getSpec() == null) {
      return 1;
    }
    var spec = job.getSpec().getTemplate().getSpec();
    return (spec.getInitContainers() == null ? 0 : spec.getInitContainers().size())
        + (spec.getContainers() == null ? 0 : spec.getContainers().size());
  }
}
