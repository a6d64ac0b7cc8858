package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.app.SteerJob;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubectl indexed suspend NAME}: spec.suspend=true, so the Job controller stops the active pods. */
@Command(name = "suspend", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Suspend an Indexed Job: its active pods are stopped and no new ones start until it is resumed.",
        "Completed indexes stay completed. Says how many active pods will be stopped.",
    },
    footer = {"", "Example:", "  kubectl indexed suspend render"})
public class SuspendCommand extends BaseCommand {
  @Parameters(index = "0", arity = "1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Override
  public Integer call() {
    String jobName = JobRef.parseName(name);
    try (Cluster cluster = connect()) {
      SteerJob.suspend(cluster, jobName, true, out()::println, this::note);
      out().flush();
      return 0;
    }
  }
}
