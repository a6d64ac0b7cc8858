package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.app.Jobs;
import io.github.kubectlindexed.app.RetryChain;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubectl indexed delete NAME}: the Job, its pods and its item ConfigMaps. */
@Command(name = "delete", sortOptions = false,
    customSynopsis = "kubectl indexed delete NAME [flags]",
    description = {
        "Delete an Indexed Job, its pods and its item ConfigMaps.",
        "",
        "The Job is deleted with background propagation: its pods go with it, and so do its item ConfigMaps,"
            + " which are also found by the label kubectl-indexed.io/job-name=NAME when they have no owner. Its"
            + " retry Jobs (see retry) are owned by nobody: they remain unless --with-retries is given.",
    },
    footer = {"", "Examples:",
        "  kubectl indexed delete indexed-job",
        "  kubectl indexed delete indexed-job --with-retries",
    })
public class DeleteCommand extends BaseCommand {
  @Parameters(index = "0", arity = "1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Option(names = "--with-retries", description = "Also delete the retry Jobs of NAME (see retry), newest first.")
  boolean withRetries;

  /** The chain NAME heads, or null; a failed read is left for the delete itself to report. */
  private static RetryChain.Chain chainOf(Cluster cluster, String jobName) {
    try {
      io.fabric8.kubernetes.api.model.batch.v1.Job job = cluster.find(jobName);
      return job == null ? null : RetryChain.of(cluster, job);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public Integer call() {
    String jobName = JobRef.parseName(name);
    try (Cluster cluster = connect()) {
      RetryChain.Chain chain = chainOf(cluster, jobName);
      java.util.List<RetryChain.Link> retries = chain == null || !chain.original().name().equals(jobName)
          ? java.util.List.of() : chain.retries();
      if (withRetries) {
        for (int k = retries.size() - 1; k >= 0; k--) {
          for (String line : Jobs.delete(cluster, retries.get(k).name())) {
            out().println(line);
          }
        }
      }
      for (String line : Jobs.delete(cluster, jobName)) {
        out().println(line);
      }
      if (!withRetries && !retries.isEmpty()) {
        out().flush();
        note("its " + (retries.size() == 1 ? "retry remains: " : retries.size() + " retries remain: ")
            + retries.stream().map(RetryChain.Link::name).collect(java.util.stream.Collectors.joining(", "))
            + " (delete them with: kubectl indexed delete " + jobName + " --with-retries" + cluster.namespaceFlag()
            + ")");
      }
      out().flush();
      return 0;
    }
  }
}
