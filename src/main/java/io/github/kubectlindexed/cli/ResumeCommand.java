package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.app.SteerJob;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubectl indexed resume NAME}: spec.suspend=false; the unfinished indexes get pods again. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Resume a suspended Indexed Job: the indexes not yet completed get pods again. A Job waiting for",
        "admission in a Kueue queue is refused: Kueue resumes it when the queue admits it.",
    },
    footer = {"", "Example:", "  kubectl indexed resume render"})
public class ResumeCommand extends BaseCommand {
  @Parameters(index = "0", arity = "1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Override
  public Integer call() {
    String jobName = JobRef.parseName(name);
    try (Cluster cluster = connect()) {
      SteerJob.suspend(cluster, jobName, false, out()::println, this::note);
      out().flush();
      return 0;
    }
  }
}
