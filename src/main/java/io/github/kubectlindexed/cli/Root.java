package io.github.kubectlindexed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl indexed}: the root command. Holds the injected {@link Context} for its subcommands, which
 * {@link Cli#commandLine(Context, String...)} adds (all of them, or only the one a short command runs).
 */
@Command(
    name = "kubectl indexed",
    mixinStandardHelpOptions = false,
    sortOptions = false,
    description = {
        "Create, wait for, and read the logs of Indexed Jobs, by completion index.",
        "",
        "With no arguments, create, wait and logs replay the Kubernetes tutorial \"Indexed Job for Parallel"
            + " Processing with Static Work Assignment\":",
        "  kubectl indexed create",
        "  kubectl indexed wait --timeout=300s",
        "  kubectl indexed logs --index 3",
    },
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0    success (wait/run: the Job completed)",
        "  1    the awaited outcome can no longer happen (the Job failed, or it",
        "       succeeded under --for=failed, or --fail-fast saw an index fail),",
        "       or the Job was deleted",
        "  2    bad input; nothing was written to the cluster",
        "  3    timed out",
        "  4    the cluster said no or could not be reached (not found, already exists,",
        "       forbidden, unreachable, server-side validation)",
        "  130  interrupted; the Job is left running",
        "",
        "Flags such as -n go after 'indexed' (kubectl refuses 'kubectl -n x indexed').",
        "",
        "Run 'kubectl indexed COMMAND --help' for the flags of a command.",
    })
public class Root implements Runnable {
  private final Context context;

  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  public Root(Context context) {
    this.context = context;
  }

  public Context context() {
    return context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
