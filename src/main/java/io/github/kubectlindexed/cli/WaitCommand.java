package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.app.AwaitJob;
import io.github.kubectlindexed.app.RetryChain;
import io.github.kubectlindexed.cli.options.GoDuration;
import io.github.kubectlindexed.cli.options.Goals;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.output.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;

/** {@code kubectl indexed wait}: waits for an Indexed Job to complete (or fail), and says as soon as it cannot. */
@Command(name = "wait", sortOptions = false,
    customSynopsis = "kubectl indexed wait [NAME] [flags]",
    description = {
        "Wait for an Indexed Job to complete; stop as soon as it cannot.",
        "",
        "Exits 0 when the Job completes; 1 as soon as failure is decided (FailureTarget or Failed), naming the"
            + " reason and the failed indexes; 3 on timeout, with the progress so far; 4 when the Job does not"
            + " exist.",
        "",
        "With no NAME, waits for the newest Job made by kubectl indexed in the namespace. A Job with retries (see"
            + " retry) is waited for across its chain: 0 when every index succeeded in some Job of it (--no-chain:"
            + " one Job).",
    },
    footer = {"", "Examples:",
        "  kubectl indexed wait indexed-job --timeout=300s",
        "  kubectl indexed wait --for=condition=complete --timeout=300s job/indexed-job",
    })
public class WaitCommand extends BaseCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Option(names = "--for", paramLabel = "OUTCOME", defaultValue = "complete",
      completionCandidates = Goals.class,
      description = "complete (default) or failed; kubectl's condition=complete / condition=failed also work.")
  String forValue;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = GoDuration.Converter.class,
      description = "Give up after this long (Go duration: 300s, 5m). 0 checks once; negative or absent: no limit.")
  Duration timeout;

  @Option(names = "--fail-fast", description = "Exit 1 as soon as any index has failed for good, even while the Job goes on.")
  boolean failFast;

  @Option(names = {"-q", "--quiet"}, description = "No progress output.")
  boolean quiet;

  @Option(names = "--no-chain", description = "Wait for this Job only, not its retry chain (see retry).")
  boolean noChain;

  @Override
  public Integer call() throws InterruptedException {
    JobWaiter.Goal goal = Goals.parse(forValue);
    if (failFast && goal == JobWaiter.Goal.FAILED) {
      throw PluginException.usage("--fail-fast: only works with --for=complete");
    }
    String jobName = JobRef.parseName(name);
    try (Cluster cluster = connect()) {
      io.fabric8.kubernetes.api.model.batch.v1.Job job = cluster.resolve(jobName, this::note);
      String resolved = job.getMetadata().getName();
      RetryChain.Chain chain = noChain || failFast ? null : Chained.of(cluster, job, this::note);
      ProgressLine progress = new ProgressLine(err(), ProgressLine.mode(ctx().terminal(), quiet),
          ctx().clock()).columns(ProgressLine.columns(ctx().env())).finishOnInterrupt();
      AwaitJob.Outcome outcome;
      try {
        AwaitJob.Spec spec = new AwaitJob.Spec(resolved, goal, failFast, timeout);
        outcome = chain != null ? RetryChain.await(cluster, chain, spec, ctx().clock(), Progress.of(progress))
            : AwaitJob.run(cluster, spec, ctx().clock(), Progress.of(progress));
      } finally {
        progress.finish();
      }
      return Exits.of(outcome, resolved, out());
    }
  }
}
