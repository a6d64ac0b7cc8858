package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.app.Jobs;
import io.github.kubectlindexed.app.LogFiles;
import io.github.kubectlindexed.app.RunJob;
import io.github.kubectlindexed.app.SaveLogs;
import io.github.kubectlindexed.cli.options.GoDuration;
import io.github.kubectlindexed.cli.options.JobOptions;
import io.github.kubectlindexed.cli.options.OutputOptions;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.manifest.IndexedJobRequest;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.Manifests;
import io.github.kubectlindexed.manifest.Tutorial;
import io.github.kubectlindexed.output.LineWriter;
import io.github.kubectlindexed.output.ManifestPrinter;
import io.github.kubectlindexed.output.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** {@code kubectl indexed run}: create, follow the logs by index, and wait; the exit code is wait's. */
@Command(name = "run", sortOptions = false,
    customSynopsis = "kubectl indexed run [NAME] [flags] [-- COMMAND [ARG...]]",
    description = {
        "Create an Indexed Job, follow its logs by index, and wait for it.",
        "",
        "Log lines are prefixed by index. The exit code is wait's: 0 complete, 1"
            + " failed (or --fail-fast saw an index fail), 3 timeout. A bare 'run' is the tutorial, start to"
            + " finish. On Ctrl-C the Job keeps running and run prints how to reattach; with --delete-on-interrupt"
            + " the Job is deleted instead. With --dry-run=client or server, run prints what it would create, as"
            + " create does, and runs nothing.",
    },
    footer = {"", "Examples:",
        "  kubectl indexed run",
        "  kubectl indexed run shard --image busybox --completions 4 --timeout 10m \\",
        "      -- sh -c 'echo $JOB_COMPLETION_INDEX'",
    })
public class RunCommand extends BaseCommand {
  @Mixin
  JobOptions job;

  @Mixin
  OutputOptions output;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = GoDuration.Converter.class,
      description = "Give up waiting after this long (Go duration); the Job keeps running. Negative or absent: no limit.")
  Duration timeout;

  @Option(names = "--fail-fast", description = "Exit 1 as soon as any index has failed for good.")
  boolean failFast;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr (the logs still print).")
  boolean quiet;

  @Option(names = "--delete-on-interrupt", description = "On Ctrl-C, delete the Job (and its pods and ConfigMaps).")
  boolean deleteOnInterrupt;

  @Mixin
  io.github.kubectlindexed.cli.options.OutputDirOptions saving;

  @Override
  public Integer call() throws InterruptedException {
    IndexedJobRequest request = job.toRequest(ctx(), kube.explicitNamespace());
    Manifest manifest = job.queueing().applyTo(Manifests.build(request));
    String note = Tutorial.note(request);
    if (note != null) {
      note(note);
    }
    if (output.dryRun() != OutputOptions.DryRun.none) {
      return dryRun(manifest);
    }
    if (output.output() != null) {
      throw PluginException.usage("--output: run prints the logs on stdout; -o goes with --dry-run=client or"
          + " --dry-run=server (what run would create)");
    }
    java.nio.file.Path dir = saving.checked(true);
    PrintWriter err = err();
    int completions = manifest.job().getSpec().getCompletions();
    // a retry's lines are marked [i #k], as logs -f marks them
    LineWriter lines = LineWriter.of(new PrintWriter(out(), true), completions, 1, 2, null);
    // progress as lines: a live \r line would tear the log lines on the same terminal
    ProgressLine progress = new ProgressLine(err, ProgressLine.mode(false, quiet), ctx().clock());
    Progress listener = Progress.of(progress);
    RunJob.Reporter reporter = new RunJob.Reporter() {
      @Override
      public void created(HasMetadata o) {
        note((o instanceof Job ? "job.batch/" : "configmap/") + o.getMetadata().getName() + " created");
      }

      @Override
      public void note(String line) {
        RunCommand.this.note(line);
      }

      @Override
      public void onUpdate(JobState s) {
        listener.onUpdate(s);
      }

      @Override
      public void onTick() {
        listener.onTick();
      }
    };
    SaveLogs.Spec saveSpec = dir == null ? null : new SaveLogs.Spec(dir, saving.deleteFinishedPods());
    LogFiles files = dir == null ? null : SaveLogs.runSink(saveSpec, this::note); // README "Saving output"
    try (Cluster cluster = connect()) {
      RunJob.Result result;
      try {
        result = RunJob.run(cluster, new RunJob.Spec(manifest, failFast, timeout, deleteOnInterrupt),
            files != null ? files : new LogLines(lines, err), reporter, ctx().clock());
      } finally {
        progress.finish();
      }
      String name = result.created().job().getMetadata().getName();
      if (files != null) {
        SaveLogs.Saved saved = SaveLogs.finish(cluster, name, files, result.unreadLogs(), saveSpec);
        OutputDir.summary(err, saving.given(), saved);
        Exits.of(result, name, err);
        return OutputDir.afterRun(saved);
      }
      return Exits.of(result, name, err);
    }
  }

  /** What run would create, as create prints it: nothing is run, followed or awaited. */
  private int dryRun(Manifest manifest) {
    List<? extends HasMetadata> objects = manifest.objects();
    if (output.dryRun() == OutputOptions.DryRun.server) {
      try (Cluster cluster = connect()) {
        objects = Jobs.create(cluster, manifest, true, false, this::note).objects();
      }
    }
    if (output.output() == null) {
      ManifestPrinter.printCreated(out(), objects, output.createdSuffix());
    } else {
      ManifestPrinter.print(out(), output.output(), objects);
    }
    return 0;
  }
}
