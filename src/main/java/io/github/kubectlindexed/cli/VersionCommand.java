package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.PluginInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubectl indexed version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the plugin version.")
public class VersionCommand extends BaseCommand {
  @Option(names = "--client", description = "Print the client version only; do not contact the cluster.")
  boolean clientOnly;

  @Override
  public Integer call() {
    PluginInfo info = PluginInfo.get();
    out().println("kubectl-" + info.name() + " " + info.version());
    out().flush();
    return 0;
  }
}
