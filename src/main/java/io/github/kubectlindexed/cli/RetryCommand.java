package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.app.Jobs;
import io.github.kubectlindexed.app.RetryChain;
import io.github.kubectlindexed.cli.options.FlagValues;
import io.github.kubectlindexed.cli.options.OutputOptions;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.manifest.RetryManifests;
import io.github.kubectlindexed.output.ManifestPrinter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code kubectl indexed retry NAME}: re-run the failed (or chosen) indexes of a finished Job as a linked Job. */
@Command(name = "retry", sortOptions = false,
    customSynopsis = "kubectl indexed retry NAME [flags]",
    description = {
        "Re-run indexes of a finished Indexed Job as a linked Job.",
        "",
        "The new Job, NAME-retry-<n>, is linked to NAME by the labels kubectl-indexed.io/retry-of and"
            + " retry-generation and the annotation kubectl-indexed.io/index-map, and owned by nobody (delete NAME"
            + " --with-retries removes the chain).",
        "",
        "Default set: the indexes that did not succeed in NAME or any earlier retry (failedIndexes with"
            + " --backoff-limit-per-index). The new Job runs exactly that many completions; its pod j does the"
            + " work of original index SET[j] and sees what that pod saw: the same item, the original index in"
            + " the downward index file, and the original index as JOB_COMPLETION_INDEX. The worker is started"
            + " through sh, which resolves the map first: its image needs sh, and the worker needs a command (not"
            + " the image's entrypoint). status, logs and wait then follow the chain.",
        "",
        "Exits 0 when the Job is made (or printed); 2 while a Job of the chain still runs, for an index NAME"
            + " does not have, or when nothing is left to retry; 4 when the cluster says no.",
    },
    footer = {"", "Examples:",
        "  kubectl indexed retry indexed-job",
        "  kubectl indexed retry indexed-job --index 3,7-9",
        "  kubectl indexed retry indexed-job --dry-run=client -o yaml --image busybox",
    })
public class RetryCommand extends BaseCommand {
  @Parameters(index = "0", arity = "1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Option(names = "--index", paramLabel = "SET",
      description = "Original indexes to re-run, e.g. 3,7-9 (default: those that did not succeed).")
  String index;

  @Option(names = "--name", paramLabel = "NEW", description = "The new Job's name (default NAME-retry-<n>).")
  String newName;

  @Mixin
  OutputOptions output;

  @Option(names = "--image", paramLabel = "IMAGE", description = "Override the worker's image.")
  String image;

  @Option(names = "--env", paramLabel = "K=V", description = "Set a worker environment variable (repeatable).")
  List<String> env = new ArrayList<>();

  @Option(names = "--requests", paramLabel = "R=Q,...", description = "Override worker resource requests.")
  String requests;

  @Option(names = "--limits", paramLabel = "R=Q,...", description = "Override worker resource limits.")
  String limits;

  @Option(names = "--backoff-limit-per-index", paramLabel = "N", description = "Override the retries per index.")
  Integer backoffLimitPerIndex;

  @Option(names = "--parallelism", paramLabel = "N",
      description = "Pods running at once (default: the original's, at most the number of indexes).")
  Integer parallelism;

  @Option(names = "--active-deadline-seconds", paramLabel = "N", description = "Fail the retry Job after this long.")
  Long activeDeadlineSeconds;

  @Override
  public Integer call() {
    String jobName = JobRef.parseName(name);
    IndexSet set = FlagValues.indexSet("--index", index);
    if (newName != null) {
      JobRef.parseName(newName);
    }
    if (backoffLimitPerIndex != null && backoffLimitPerIndex < 0) {
      throw io.github.kubectlindexed.PluginException.usage("--backoff-limit-per-index: " + backoffLimitPerIndex
          + ": must be 0 or more");
    }
    if (parallelism != null && parallelism < 1) {
      throw io.github.kubectlindexed.PluginException.usage("--parallelism: " + parallelism + ": must be at least 1");
    }
    if (activeDeadlineSeconds != null && activeDeadlineSeconds < 1) {
      throw io.github.kubectlindexed.PluginException.usage("--active-deadline-seconds: " + activeDeadlineSeconds
          + ": must be at least 1");
    }
    RetryManifests.Overrides overrides = new RetryManifests.Overrides(image, FlagValues.env(env),
        FlagValues.resources("--requests", requests), FlagValues.resources("--limits", limits),
        backoffLimitPerIndex, parallelism, activeDeadlineSeconds);
    try (Cluster cluster = connect()) {
      RetryChain.Planned planned = RetryChain.plan(cluster, new RetryChain.RetrySpec(jobName, set, newName,
          overrides));
      String retryName = planned.manifest().job().getMetadata().getName();
      note("job/" + retryName + " re-runs " + planned.set().size() + " of job/" + planned.chain().original().name()
          + "'s indexes (" + planned.set() + "); its workers start through sh, which gives them their original"
          + " index");
      List<? extends HasMetadata> objects = output.dryRun() == OutputOptions.DryRun.client
          ? planned.manifest().objects()
          : Jobs.create(cluster, planned.manifest(), output.dryRun() == OutputOptions.DryRun.server).objects();
      if (output.output() == null) {
        ManifestPrinter.printCreated(out(), objects, output.createdSuffix());
      } else {
        ManifestPrinter.print(out(), output.output(), objects);
      }
      return 0;
    }
  }
}
