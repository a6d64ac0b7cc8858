package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.ExitCodes;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cli.options.GoDuration;
import io.github.kubectlindexed.cli.options.JobOptions;
import io.github.kubectlindexed.cluster.Creator;
import io.github.kubectlindexed.cluster.Deleter;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.Session;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.manifest.IndexedJobRequest;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.Manifests;
import io.github.kubectlindexed.manifest.Tutorial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** {@code kubectl indexed run}: create, follow the logs by index, and wait; the exit code is wait's. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    customSynopsis = "kubectl indexed run [NAME] [create flags] [--timeout D] [--fail-fast] [--quiet] "
        + "[--delete-on-interrupt] [-- COMMAND [ARG...]]",
    description = {
        "Create an Indexed Job, follow its logs prefixed by index, and wait for it. The exit code is wait's:",
        "0 complete, 1 failed (or --fail-fast saw an index fail), 3 timeout. A bare 'run' is the tutorial, start",
        "to finish. On Ctrl-C the Job keeps running and run prints how to reattach; with --delete-on-interrupt",
        "the Job is deleted instead.",
    },
    footer = {"", "Examples:", "  kubectl indexed run",
        "  kubectl indexed run shard --image busybox --completions 4 --timeout 10m -- sh -c 'echo $JOB_COMPLETION_INDEX'"})
public class RunCommand extends BaseCommand {
  @Mixin
  JobOptions job;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = GoDuration.Converter.class,
      description = "Give up waiting after this long (Go duration); the Job keeps running. Negative or absent: no limit.")
  Duration timeout;

  @Option(names = "--fail-fast", description = "Exit 1 as soon as any index has failed for good.")
  boolean failFast;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr (the logs still print).")
  boolean quiet;

  @Option(names = "--delete-on-interrupt", description = "On Ctrl-C, delete the Job (and its pods and ConfigMaps).")
  boolean deleteOnInterrupt;

  @Override
  public Integer call() throws InterruptedException {
    IndexedJobRequest request = job.toRequest(ctx(), kube.explicitNamespace());
    Manifest manifest = Manifests.build(request);
    String note = Tutorial.note(request);
    PrintWriter err = err();
    if (note != null) {
      err.println(note);
      err.flush();
    }
    try (Session session = connect()) {
      Creator.Created created = new Creator(session.client(), session.namespace()).create(manifest, false);
      for (HasMetadata o : created.objects()) {
        err.println((o instanceof Job ? "job.batch/" : "configmap/") + o.getMetadata().getName() + " created");
      }
      err.flush();
      Job made = created.job();
      String name = made.getMetadata().getName();
      AtomicBoolean finished = new AtomicBoolean();
      Thread hook = new Thread(() -> {
        if (!finished.get()) {
          onInterrupt(session, name, deleteOnInterrupt, err);
        }
      }, "run-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        return followAndWait(session, made, name);
      } finally {
        finished.set(true);
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: let it finish
        }
      }
    }
  }

  private int followAndWait(Session session, Job made, String name) throws InterruptedException {
    JobState state = JobState.of(made);
    AtomicBoolean stop = new AtomicBoolean();
    LogCollector.Options logOptions = new LogCollector.Options(null, false, false, null, null, null, false, false, 50);
    AtomicLong lastOutput = new AtomicLong(System.nanoTime());
    PrintWriter out = new PrintWriter(out(), true) {
      @Override
      public void write(int c) {
        lastOutput.set(System.nanoTime());
        super.write(c);
      }

      @Override
      public void write(char[] buf, int off, int len) {
        lastOutput.set(System.nanoTime());
        super.write(buf, off, len);
      }

      @Override
      public void write(String str, int off, int len) {
        lastOutput.set(System.nanoTime());
        super.write(str, off, len);
      }
    };
    PrintWriter err = err();
    // A thread of its own: following blocks, and the common pool (one thread on two cores) also completes the
    // HTTP client's responses, so blocking it would stall every request of the wait.
    CompletableFuture<Integer> logs = new CompletableFuture<>();
    Thread follower = new Thread(() -> {
      try {
        logs.complete(LogsCommand.follow(session, made, state, IndexSet.range(state.completions()), logOptions, null,
            out, err, stop));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        logs.complete(ExitCodes.INTERRUPTED);
      } catch (RuntimeException | Error e) {
        logs.completeExceptionally(e);
      }
    }, "run-logs");
    follower.setDaemon(true);
    follower.start();
    PluginException outcome = null;
    try {
      // progress as lines: a live \r line would tear the log lines on the same terminal
      WaitCommand.waitFor(session, name, JobWaiter.Goal.COMPLETE, failFast, timeout, quiet,
          ctx().withTerminal(false), err, err);
    } catch (PluginException e) {
      outcome = e;
    }
    JobState last = readState(session, name);
    if (outcome != null && (last == null || !last.finished())) {
      stop.set(true); // timed out, --fail-fast, or deleted: the Job goes on (or is gone); stop streaming now
    }
    drain(logs, stop, lastOutput);
    if (outcome != null) {
      throw outcome;
    }
    return ExitCodes.OK;
  }

  private static JobState readState(Session session, String name) {
    Job j = io.github.kubectlindexed.cluster.JobRef.get(session, name);
    return j == null ? null : JobState.of(j);
  }

  /**
   * Waits for the log streams to drain after the Job has finished. Streams of terminated containers end by
   * themselves; one that stays open with nothing to say for {@link #DRAIN_IDLE} (or past a minute) is stopped.
   */
  private static void drain(CompletableFuture<Integer> logs, AtomicBoolean stop, AtomicLong lastOutput)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try {
      while (!stop.get()) {
        try {
          logs.get(100, TimeUnit.MILLISECONDS);
          return;
        } catch (TimeoutException e) {
          long now = System.nanoTime();
          if (now - lastOutput.get() > DRAIN_IDLE.toNanos() || now > end) {
            stop.set(true);
          }
        }
      }
      logs.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException ignored) {
      // give up on the streams, or a log error: neither changes wait's outcome
    }
  }

  /** How long a log stream may stay silent after the Job has finished before run stops following it. */
  static final java.time.Duration DRAIN_IDLE = java.time.Duration.ofSeconds(2);

  /** Ctrl-C: say how to reattach, or delete the Job when asked to. */
  static void onInterrupt(Session session, String name, boolean delete, PrintWriter err) {
    String ns = session.explicitNamespace() ? " -n " + session.namespace() : "";
    err.println();
    if (delete) {
      try {
        for (String line : Deleter.delete(session.client(), session.namespace(), name)) {
          err.println(line);
        }
      } catch (RuntimeException e) {
        err.println("error: could not delete job/" + name + ": " + e.getMessage()
            + "; delete it with: kubectl indexed delete " + name + ns);
      }
    } else {
      err.println("interrupted: job/" + name + " keeps running. Reattach with:");
      err.println("  kubectl indexed wait " + name + ns);
      err.println("  kubectl indexed logs -f " + name + ns);
      err.println("or delete it with: kubectl indexed delete " + name + ns);
    }
    err.flush();
  }
}
