package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.ExitCodes;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cli.options.GoDuration;
import io.github.kubectlindexed.cluster.JobRef;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.cluster.PodsByIndex;
import io.github.kubectlindexed.cluster.Session;
import io.github.kubectlindexed.output.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/** {@code kubectl indexed wait}: waits for an Indexed Job to complete (or fail), and says as soon as it cannot. */
@Command(name = "wait", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Wait for an Indexed Job to complete, and stop as soon as it cannot.",
        "",
        "Exits 0 when the Job completes; 1 as soon as failure is decided (FailureTarget or Failed), naming the",
        "reason and the failed indexes; 3 on timeout, with the progress so far; 4 when the Job does not exist.",
        "With no NAME, waits for the newest Job made by kubectl-indexed in the namespace.",
    },
    footer = {"", "Examples:", "  kubectl indexed wait indexed-job --timeout=300s",
        "  kubectl indexed wait --for=condition=complete --timeout=300s job/indexed-job"})
public class WaitCommand extends BaseCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = GoDuration.Converter.class,
      description = "Give up after this long (Go duration: 300s, 5m). 0 checks once; negative or absent: no limit.")
  Duration timeout;

  @Option(names = "--for", paramLabel = "OUTCOME", defaultValue = "complete",
      description = "complete (default) or failed; kubectl's condition=complete / condition=failed also work.")
  String forValue;

  @Option(names = "--fail-fast", description = "Exit 1 as soon as any index has failed for good, even while the Job goes on.")
  boolean failFast;

  @Option(names = {"-q", "--quiet"}, description = "No progress output.")
  boolean quiet;

  /** Parses --for: complete, failed, condition=complete, condition=failed, in any letter case. */
  public static JobWaiter.Goal parseFor(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("condition=")) {
      v = v.substring("condition=".length());
    }
    return switch (v) {
      case "complete" -> JobWaiter.Goal.COMPLETE;
      case "failed" -> JobWaiter.Goal.FAILED;
      default -> throw PluginException.usage("--for: \"" + value
          + "\": expected complete, failed, condition=complete or condition=failed");
    };
  }

  @Override
  public Integer call() throws InterruptedException {
    JobWaiter.Goal goal = parseFor(forValue);
    if (failFast && goal == JobWaiter.Goal.FAILED) {
      throw PluginException.usage("--fail-fast: only works with --for=complete");
    }
    String jobName = JobRef.parseName(name);
    try (Session session = connect()) {
      String resolved = JobRef.resolve(session, jobName, err()).getMetadata().getName();
      return waitFor(session, resolved, goal, failFast, timeout, quiet, ctx(), out(), err());
    }
  }

  /** The wait shared by {@code wait} and {@code run}: returns 0, or throws the outcome's PluginException. */
  static int waitFor(Session session, String jobName, JobWaiter.Goal goal, boolean failFast, Duration timeout,
      boolean quiet, Context ctx, PrintWriter out, PrintWriter err) throws InterruptedException {
    Clock clock = ctx.clock();
    ProgressLine progress = new ProgressLine(err, ProgressLine.mode(ctx.terminal(), quiet), clock);
    JobWaiter waiter = new JobWaiter(session.client(), session.namespace(), jobName, clock);
    JobWaiter.Outcome outcome;
    try {
      outcome = waiter.await(goal, failFast, timeout, new JobWaiter.Listener() {
        @Override
        public void onUpdate(JobState job) {
          progress.update(snapshot(job));
        }

        @Override
        public void onTick() {
          progress.tick();
        }
      });
    } finally {
      progress.finish();
    }
    switch (outcome.kind()) {
      case MET -> {
        out.println("job.batch/" + jobName + " condition met");
        out.flush();
        return ExitCodes.OK;
      }
      case TIMEOUT -> throw new PluginException(ExitCodes.TIMEOUT, outcome.message());
      default -> throw PluginException.outcome(outcome.message() + failedPods(session, outcome, failFast));
    }
  }

  /** Without backoffLimitPerIndex, failedIndexes stays empty: name the indexes of the failed pods instead. */
  static String failedPods(Session session, JobWaiter.Outcome outcome, boolean failFast) {
    JobState s = outcome.job();
    if (!failFast || outcome.kind() != JobWaiter.Kind.IMPOSSIBLE || s == null || s.perIndexBackoff()
        || s.decided()) {
      return "";
    }
    PodsByIndex pods = PodsByIndex.list(session.client(), session.namespace(), s.name(), s.uid());
    java.util.List<Integer> failed = new java.util.ArrayList<>();
    for (int i : pods.indexes()) {
      if (pods.attempts(i).stream().anyMatch(p -> "Failed".equals(PodsByIndex.phase(p)))) {
        failed.add(i);
      }
    }
    if (failed.isEmpty()) {
      return "";
    }
    return "; failed pods of " + (failed.size() == 1 ? "index " : "indexes ")
        + io.github.kubectlindexed.index.IndexSet.of(failed.stream().mapToInt(Integer::intValue).toArray());
  }

  static ProgressLine.Snapshot snapshot(JobState s) {
    return new ProgressLine.Snapshot(s.name(), s.completions(), s.succeeded(), s.failed(), s.active(),
        s.completedIndexes(), s.failedIndexes(), s.trueConditionNames());
  }
}
