package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.app.SteerJob;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import picocli.CommandLine.Parameters;

/** What {@code suspend} and {@code resume} share: one Job by name, and the value they give spec.suspend. */
abstract class SuspendFlagCommand extends BaseCommand {
  @Parameters(index = "0", arity = "1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  /** The value of spec.suspend this command sets. */
  abstract boolean suspend();

  @Override
  public Integer call() {
    String jobName = JobRef.parseName(name);
    try (Cluster cluster = connect()) {
      SteerJob.suspend(cluster, jobName, suspend(), out()::println, this::note);
      out().flush();
      return 0;
    }
  }
}
