package io.github.kubectlindexed.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code kubectl indexed completion bash|zsh}: a completion script for the {@code kubectl-indexed} executable
 * (picocli's bash script; zsh loads the same script through bashcompinit). Completion of {@code kubectl indexed ...}
 * goes through kubectl and the {@code kubectl_complete-indexed} helper instead. It reads no cluster, so it has no
 * connection flags.
 */
@Command(name = "completion", sortOptions = false,
    customSynopsis = "kubectl indexed completion SHELL",
    description = {
        "Print a shell completion script for the plugin's executable.",
        "",
        "The script completes the plugin's executable when it is run directly:",
        "  bash:  source <(kubectl indexed completion bash)",
        "  zsh:   source <(kubectl indexed completion zsh)",
        "",
        "For 'kubectl indexed <TAB>' (completion through kubectl 1.26+), put kubectl_complete-indexed on PATH.",
    })
public class CompletionCommand implements Callable<Integer> {
  enum Shell { bash, zsh }

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String script = AutoComplete.bash("kubectl-indexed", spec.root().commandLine());
    if (shell == Shell.zsh) {
      out.println("# zsh completion for kubectl-indexed: load with  source <(kubectl indexed completion zsh)");
      out.println("autoload -U +X compinit && compinit");
      out.println("autoload -U +X bashcompinit && bashcompinit");
    }
    out.print(script);
    out.flush();
    return 0;
  }
}
