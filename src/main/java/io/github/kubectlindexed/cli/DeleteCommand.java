package io.github.kubectlindexed.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the owner of this command. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "(not built yet)")
public class DeleteCommand extends BaseCommand {
  @Override
  public Integer call() {
    throw io.github.kubectlindexed.PluginException.usage("delete is not built yet");
  }
}
