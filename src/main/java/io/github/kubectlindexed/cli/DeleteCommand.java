package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.app.Jobs;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubectl indexed delete NAME}: the Job, its pods and its item ConfigMaps. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Delete an Indexed Job with background propagation: its pods go with it, and so do its item ConfigMaps,",
        "which are also found by the label kubectl-indexed.io/job-name=NAME when they have no owner.",
    },
    footer = {"", "Example:", "  kubectl indexed delete indexed-job"})
public class DeleteCommand extends BaseCommand {
  @Parameters(index = "0", arity = "1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Override
  public Integer call() {
    String jobName = JobRef.parseName(name);
    try (Cluster cluster = connect()) {
      for (String line : Jobs.delete(cluster, jobName)) {
        out().println(line);
      }
      out().flush();
      return 0;
    }
  }
}
