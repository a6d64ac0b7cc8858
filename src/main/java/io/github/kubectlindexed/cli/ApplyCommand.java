package io.github.kubectlindexed.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the owner of this command. */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "(not built yet)")
public class ApplyCommand extends BaseCommand {
  @Override
  public Integer call() {
    throw io.github.kubectlindexed.PluginException.usage("apply is not built yet");
  }
}
