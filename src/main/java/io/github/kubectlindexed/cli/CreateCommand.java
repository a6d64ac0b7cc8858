package io.github.kubectlindexed.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the owner of this command. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "(not built yet)")
public class CreateCommand extends BaseCommand {
  @Override
  public Integer call() {
    throw io.github.kubectlindexed.PluginException.usage("create is not built yet");
  }
}
