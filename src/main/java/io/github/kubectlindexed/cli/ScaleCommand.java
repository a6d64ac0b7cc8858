package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.app.SteerJob;
import io.github.kubectlindexed.cli.options.ItemsReader;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code kubectl indexed scale NAME}: the throttle (parallelism) and elastic scaling (completions, KEP-3715). */
@Command(name = "scale", sortOptions = false,
    customSynopsis = "kubectl indexed scale NAME [--parallelism N] [--completions M] [flags]",
    description = {
        "Change an Indexed Job's parallelism or completions.",
        "",
        "--parallelism is the throttle: how many pods run at once. --completions is how many indexes the Job"
            + " has, changed as elastic Indexed Jobs allow (KEP-3715): parallelism is set to the same number in the"
            + " same update, as the API requires. Shrinking removes the highest"
            + " indexes. Growing a Job whose items live in ConfigMaps needs the new items (--items-file), written"
            + " to new ConfigMaps before the Job grows; a Job whose items are inline cannot get new items.",
    },
    footer = {"", "Examples:",
        "  kubectl indexed scale render --parallelism 2",
        "  kubectl indexed scale shard --completions 8",
        "  kubectl indexed scale render --completions 120 --items-file more-frames.txt",
    })
public class ScaleCommand extends BaseCommand {
  @Parameters(index = "0", arity = "1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Option(names = "--parallelism", paramLabel = "N", description = "Pods running at once (0 pauses new pods).")
  Integer parallelism;

  @Option(names = "--completions", paramLabel = "M",
      description = "The new number of indexes; parallelism becomes M too (throttle afterwards if needed).")
  Integer completions;

  @Option(names = "--items-file", paramLabel = "FILE",
      description = "Items of the indexes growing adds, one per line; '-' reads stdin.")
  String itemsFile;

  @Override
  public Integer call() {
    String jobName = JobRef.parseName(name);
    SteerJob.Scale s = new SteerJob.Scale(jobName, parallelism, completions, null, null);
    SteerJob.check(s);
    List<String> items = itemsFile == null ? null : ItemsReader.read(itemsFile, ctx().in());
    s = new SteerJob.Scale(jobName, parallelism, completions, items, "--items-file");
    SteerJob.check(s);
    try (Cluster cluster = connect()) {
      SteerJob.scale(cluster, s, out()::println, this::note);
      out().flush();
      return 0;
    }
  }
}
