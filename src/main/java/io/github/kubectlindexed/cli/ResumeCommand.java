package io.github.kubectlindexed.cli;

import picocli.CommandLine.Command;

/** {@code kubectl indexed resume NAME}: spec.suspend=false; the unfinished indexes get pods again. */
@Command(name = "resume", sortOptions = false,
    customSynopsis = "kubectl indexed resume NAME [flags]",
    description = {
        "Resume a suspended Indexed Job.",
        "",
        "The indexes not yet completed get pods again. A Job waiting for admission in a Kueue queue is refused:"
            + " Kueue resumes it when the queue admits it.",
    },
    footer = {"", "Example:", "  kubectl indexed resume render"})
public class ResumeCommand extends SuspendFlagCommand {
  @Override
  boolean suspend() {
    return false;
  }
}
