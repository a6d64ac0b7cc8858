package io.github.kubectlindexed.app;

import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.cluster.PodsByIndex;
import io.github.kubectlindexed.index.IndexSet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The await workflow: list-then-watch one Job until its outcome is decided, the Job is gone, or time is up. */
public final class AwaitJob {
  private AwaitJob() {}

  /**
   * What to wait for.
   *
   * @param job the Job's name (already resolved)
   * @param timeout null or negative: no limit; zero: judge the current state once
   */
  public record Spec(String job, JobWaiter.Goal goal, boolean failFast, Duration timeout) {}

  /** How a wait ended. Exit codes are chosen from it at the edge, not here. */
  public sealed interface Outcome permits Met, Impossible, TimedOut, Deleted {
    String message();
  }

  /** The awaited outcome happened. */
  public record Met(String message) implements Outcome {}

  /** The awaited outcome can no longer happen (failed, succeeded under --for=failed, or --fail-fast). */
  public record Impossible(String message) implements Outcome {}

  /** The timeout passed first. */
  public record TimedOut(String message) implements Outcome {}

  /** The Job was deleted while waited on. */
  public record Deleted(String message) implements Outcome {}

  /** Waits; every Job state read goes to {@code listener}. */
  public static Outcome run(Cluster cluster, Spec spec, Clock clock, JobWaiter.Listener listener)
      throws InterruptedException {
    JobWaiter.Outcome o = cluster.waiter(spec.job(), clock).await(spec.goal(), spec.failFast(), spec.timeout(),
        listener);
    return switch (o.kind()) {
      case MET -> new Met(o.message());
      case TIMEOUT -> new TimedOut(o.message());
      case DELETED -> new Deleted(o.message());
      case IMPOSSIBLE -> new Impossible(o.message() + failedPods(cluster, o, spec.failFast()));
    };
  }

  /** Without backoffLimitPerIndex, failedIndexes stays empty: name the indexes of the failed pods instead. */
  private static String failedPods(Cluster cluster, JobWaiter.Outcome outcome, boolean failFast) {
    JobState s = outcome.job();
    if (!failFast || s == null || s.perIndexBackoff() || s.decided()) {
      return "";
    }
    PodsByIndex pods = cluster.pods(s);
    List<Integer> failed = new ArrayList<>();
    for (int i : pods.indexes()) {
      if (pods.attempts(i).stream().anyMatch(p -> "Failed".equals(PodsByIndex.phase(p)))) {
        failed.add(i);
      }
    }
    if (failed.isEmpty()) {
      return "";
    }
    return "; failed pods of " + (failed.size() == 1 ? "index " : "indexes ")
        + IndexSet.of(failed.stream().mapToInt(Integer::intValue).toArray());
  }
}
