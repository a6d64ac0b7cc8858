package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.ExitCodes;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.app.RetryChain;
import io.github.kubectlindexed.app.SaveLogs;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.LogFollower;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.output.CountLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code logs --output-dir} and {@code run --output-dir} at the edge: the progress line, the summary on stderr, and
 * the exit code of a save (README "Saving output").
 */
final class OutputDir {
  private OutputDir() {}

  /** {@code logs --output-dir DIR} without {@code -f}. */
  static int once(Context ctx, PrintWriter err, Cluster cluster, JobState job, RetryChain.Chain chain,
      IndexSet selected, LogCollector.Options options, String given, Path dir, boolean deletePods)
      throws InterruptedException {
    CountLine progress = new CountLine(err, ctx.terminal(), ctx.clock(), "saving logs to " + given);
    SaveLogs.Saved saved;
    try {
      saved = SaveLogs.once(cluster, job, chain, selected, options, new SaveLogs.Spec(dir, deletePods),
          progress::note, progress::update);
    } finally {
      progress.finish();
    }
    return end(err, given, saved, null, job.name());
  }

  /** {@code logs -f --output-dir DIR}: an interrupt says what is saved and how to resume. */
  static int follow(Context ctx, PrintWriter err, Cluster cluster, Job job, IndexSet selected,
      LogCollector.Options options, String given, Path dir, boolean deletePods)
      throws InterruptedException {
    CountLine progress = new CountLine(err, ctx.terminal(), ctx.clock(), "saving logs to " + given);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger files = new AtomicInteger();
    Thread hook = new Thread(() -> {
      if (!done.get()) {
        progress.finish();
        synchronized (err) {
          err.println();
          err.println("interrupted: " + plural(files.get(), "file") + " complete in " + given + "; the same command"
              + " again resumes (complete files are kept, partial ones removed)");
          err.flush();
        }
      }
    }, "save-logs-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    SaveLogs.Followed f;
    try {
      f = SaveLogs.follow(cluster, job, selected, options, new SaveLogs.Spec(dir, deletePods), null, ctx.clock(),
          progress::note, (n, total) -> {
            files.set(n);
            progress.update(n, total);
          });
    } finally {
      done.set(true);
      progress.finish();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
    }
    return end(err, given, f.saved(), f.result(), job.getMetadata().getName());
  }

  /**
   * Prints the summary, then returns the exit code: 0; 4 when a log could not be read or an index has no pod (as
   * {@code logs}) or a pod could not be deleted; 1 when a file could not be written or the Job was deleted while
   * followed.
   */
  static int end(PrintWriter err, String given, SaveLogs.Saved s, LogFollower.Result result, String jobName) {
    summary(err, given, s);
    if (s.writeFailures() > 0) {
      throw PluginException.outcome(plural(s.writeFailures(), "file") + " not saved: " + s.writeError());
    }
    if (result == LogFollower.Result.JOB_DELETED) {
      throw PluginException.outcome("job/" + jobName + " was deleted while following its logs");
    }
    List<String> problems = new ArrayList<>();
    if (!s.unread().isEmpty()) {
      problems.add("could not read the log of " + indexes(s.unread()));
    }
    if (!s.missing().isEmpty()) {
      problems.add("no pod yet for " + indexes(s.missing()));
    }
    if (s.deleteError() != null) {
      problems.add(s.deleteError());
    }
    if (!problems.isEmpty()) {
      throw PluginException.cluster(String.join("; ", problems), null);
    }
    return ExitCodes.OK;
  }

  /** run's end after wait's exit code was 0: 1 when a file could not be written, 4 when a pod could not be deleted. */
  static int afterRun(SaveLogs.Saved s) {
    if (s.writeFailures() > 0) {
      throw PluginException.outcome(plural(s.writeFailures(), "file") + " not saved: " + s.writeError());
    }
    if (s.deleteError() != null) {
      throw PluginException.cluster(s.deleteError(), null);
    }
    return ExitCodes.OK;
  }

  /**
   * {@code saved in DIR: 18 files written, 2 skipped (already complete)}, then the files rewritten because a newer
   * attempt speaks for their index, what was not saved, and the pods deleted.
   */
  static void summary(PrintWriter err, String given, SaveLogs.Saved s) {
    StringBuilder sb = new StringBuilder("saved in ").append(given).append(": ")
        .append(plural(s.written(), "file")).append(" written, ").append(s.skipped()).append(" skipped (already complete)");
    if (s.replaced() > 0) {
      sb.append(", ").append(s.replaced()).append(" replaced (a newer attempt speaks for ")
          .append(indexes(s.replacedIndexes())).append(')');
    }
    if (s.removedPartials() > 0) {
      sb.append(", ").append(plural(s.removedPartials(), "partial file")).append(" of an earlier run removed");
    }
    if (!s.notFinished().isEmpty()) {
      sb.append("; not finished, not saved: ").append(indexes(s.notFinished()));
    }
    if (!s.missing().isEmpty()) {
      sb.append("; no pod: ").append(indexes(s.missing()));
    }
    synchronized (err) {
      err.println(sb);
      if (s.deletedPods() >= 0) {
        err.println("deleted " + plural(s.deletedPods(), "finished pod") + " whose logs are saved");
      }
      err.flush();
    }
  }

  static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  static String indexes(IndexSet set) {
    return (set.size() == 1 ? "index " : "indexes ") + set;
  }
}
