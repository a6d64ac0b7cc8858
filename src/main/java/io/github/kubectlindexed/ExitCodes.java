package io.github.kubectlindexed;

/** The plugin's documented exit codes (README "Exit codes", ARCHITECTURE.md). */
public final class ExitCodes {
  private ExitCodes() {}

  /** Success; for wait/run, the awaited outcome happened. */
  public static final int OK = 0;
  /** The awaited outcome can no longer happen, or the Job was deleted while waited on. */
  public static final int OUTCOME = 1;
  /** Bad input; nothing was written to the cluster. */
  public static final int USAGE = 2;
  /** Timed out. */
  public static final int TIMEOUT = 3;
  /** The cluster said no or could not be reached. */
  public static final int CLUSTER = 4;
  /** Interrupted (Ctrl-C). */
  public static final int INTERRUPTED = 130;
}
