package io.github.kubectlindexed.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the owner of this command. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "(not built yet)")
public class RunCommand extends BaseCommand {
  @Override
  public Integer call() {
    throw io.github.kubectlindexed.PluginException.usage("run is not built yet");
  }
}
