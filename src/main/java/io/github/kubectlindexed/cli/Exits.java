package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.ExitCodes;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.app.AwaitJob;
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

  /** A follow's end. */
  static int of(LogFollower.Result result, String jobName) {
    return switch (result) {
      case DRAINED -> ExitCodes.OK;
      case SOME_LOGS_UNREAD -> throw PluginException.cluster("some logs could not be read", null);
      case JOB_DELETED -> throw PluginException.outcome("job/" + jobName + " was deleted while following its logs");
    };
  }
}
