package io.github.kubectlindexed.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the owner of this command. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "(not built yet)")
public class LogsCommand extends BaseCommand {
  @Override
  public Integer call() {
    throw io.github.kubectlindexed.PluginException.usage("logs is not built yet");
  }
}
