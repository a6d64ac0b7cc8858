package io.github.kubectlindexed;

/**
 * The plugin's single error type: a one-line message for the user and the exit code it maps to.
 * Thrown from any layer; printed once by the CLI's execution-exception handler.
 */
public class PluginException extends RuntimeException {
  private final int exitCode;

  public PluginException(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public PluginException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** Bad input: exit 2, nothing sent to the cluster. */
  public static PluginException usage(String message) {
    return new PluginException(ExitCodes.USAGE, message);
  }

  /** The cluster said no or could not be reached: exit 4. */
  public static PluginException cluster(String message, Throwable cause) {
    return new PluginException(ExitCodes.CLUSTER, message, cause);
  }

  /** The command was interrupted (Ctrl-C or a signal): exit 130. */
  public static PluginException interrupted() {
    return new PluginException(ExitCodes.INTERRUPTED, "interrupted");
  }

  /** The awaited outcome can no longer happen: exit 1. */
  public static PluginException outcome(String message) {
    return new PluginException(ExitCodes.OUTCOME, message);
  }
}
