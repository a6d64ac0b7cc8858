package io.github.kubectlindexed.cli;

import picocli.CommandLine.Command;

/** {@code kubectl indexed suspend NAME}: spec.suspend=true, so the Job controller stops the active pods. */
@Command(name = "suspend", sortOptions = false,
    customSynopsis = "kubectl indexed suspend NAME [flags]",
    description = {
        "Suspend an Indexed Job until it is resumed.",
        "",
        "Its active pods are stopped and no new ones start. Completed indexes stay completed. Says how many"
            + " active pods will be stopped.",
    },
    footer = {"", "Example:", "  kubectl indexed suspend render"})
public class SuspendCommand extends SuspendFlagCommand {
  @Override
  boolean suspend() {
    return true;
  }
}
