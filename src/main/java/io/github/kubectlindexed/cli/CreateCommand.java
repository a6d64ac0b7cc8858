package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cli.options.JobOptions;
import io.github.kubectlindexed.cli.options.OutputOptions;
import io.github.kubectlindexed.app.Jobs;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.manifest.IndexedJobRequest;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.Manifests;
import io.github.kubectlindexed.manifest.Tutorial;
import io.github.kubectlindexed.output.ManifestPrinter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code kubectl indexed create}: build the Indexed Job (and its item ConfigMaps) and POST it, or print it. */
@Command(name = "create", sortOptions = false,
    customSynopsis = "kubectl indexed create [NAME] [flags] [-- COMMAND [ARG...]]",
    description = {
        "Create an Indexed Job and its item ConfigMaps, or print them.",
        "",
        "Without --image it is the tutorial's Job (indexed-job: 5 items, init style).",
        "",
        "Styles: env (the worker reads JOB_COMPLETION_INDEX; items are files /items/<index>), init (an init"
            + " container writes the pod's item to --input-path), downward (the index is the file --input-path).",
        "",
        "Quote $(...) in single quotes, so that Kubernetes, not the shell, fills it in:",
        "  -- rev '/items/$(JOB_COMPLETION_INDEX)'",
    },
    footer = {"", "Examples:",
        "  kubectl indexed create --dry-run=client -o yaml",
        "  kubectl indexed create render --image alpine --items-file frames.txt \\",
        "      -- sh -c 'render < /input/data.txt'",
        "  kubectl indexed create shard --image busybox --completions 8 \\",
        "      -- sh -c 'echo shard $JOB_COMPLETION_INDEX'",
    })
public class CreateCommand extends BaseCommand {
  @Mixin
  JobOptions job;

  @Mixin
  OutputOptions output;

  @Option(names = "--force", description = "With --queue: create the Job even when the cluster has no Kueue.")
  boolean force;

  @Override
  public Integer call() {
    IndexedJobRequest request = job.toRequest(ctx(), kube.explicitNamespace());
    Manifest manifest = job.queueing().applyTo(Manifests.build(request));
    String note = Tutorial.note(request);
    if (note != null) {
      err().println(note);
      err().flush();
    }
    if (output.dryRun() == OutputOptions.DryRun.client) {
      print(manifest.objects());
      return 0;
    }
    print(Live.create(this, manifest, output.dryRun() == OutputOptions.DryRun.server, force));
    return 0;
  }

  void print(List<? extends HasMetadata> objects) {
    if (output.output() == null) {
      ManifestPrinter.printCreated(out(), objects, output.createdSuffix());
    } else {
      ManifestPrinter.print(out(), output.output(), objects);
    }
  }

  /** The cluster path, in its own class so that --dry-run=client never loads the client. */
  private static final class Live {
    static List<HasMetadata> create(CreateCommand cmd, Manifest manifest, boolean serverDryRun, boolean force) {
      try (Cluster cluster = cmd.connect()) {
        return Jobs.create(cluster, manifest, serverDryRun, force, cmd::note).objects();
      }
    }
  }
}
