package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.ExitCodes;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.app.AwaitJob;
import io.github.kubectlindexed.app.RunJob;
import io.github.kubectlindexed.cluster.LogFollower;

import java.io.PrintWriter;

/** The edge: where the workflows' outcomes become the documented exit codes (README "Exit codes"). */
final class Exits {
  private Exits() {}

  /**
   * A wait's outcome: prints kubectl's {@code condition met} line on {@code out} and returns 0, or throws the
   * outcome's one line with its exit code.
   */
  static int of(AwaitJob.Outcome outcome, String jobName, PrintWriter out) {
    if (outcome instanceof AwaitJob.Met) {
      out.println("job.batch/" + jobName + " condition met");
      out.flush();
      return ExitCodes.OK;
    }
    if (outcome instanceof AwaitJob.TimedOut) {
      throw new PluginException(ExitCodes.TIMEOUT, outcome.message());
    }
    throw PluginException.outcome(outcome.message()); // Impossible or Deleted
  }

  /**
   * run's end: the wait's outcome, except that exit 0 needs every index's log delivered; otherwise the line names
   * the indexes whose log was not (exit 4), after {@code condition met}.
   */
  static int of(RunJob.Result result, String jobName, PrintWriter out) {
    if (result.unreadLogs().isEmpty()) {
      return of(result.outcome(), jobName, out);
    }
    String unread = "the logs of index " + result.unreadLogs() + " could not be read";
    if (result.outcome() instanceof AwaitJob.Met) {
      out.println("job.batch/" + jobName + " condition met");
      out.flush();
      throw PluginException.cluster(unread + " (see: kubectl indexed logs " + jobName + " --index "
          + result.unreadLogs() + ")", null);
    }
    if (result.outcome() instanceof AwaitJob.TimedOut) {
      throw new PluginException(ExitCodes.TIMEOUT, result.outcome().message() + "; " + unread);
    }
    throw PluginException.outcome(result.outcome().message() + "; " + unread);
  }

  /** A follow's end. */
  static int of(LogFollower.Result result, String jobName) {
    return switch (result) {
      case DRAINED -> ExitCodes.OK;
      case SOME_LOGS_UNREAD -> throw PluginException.cluster("some logs could not be read", null);
      case JOB_DELETED -> throw PluginException.outcome("job/" + jobName + " was deleted while following its logs");
    };
  }
}
