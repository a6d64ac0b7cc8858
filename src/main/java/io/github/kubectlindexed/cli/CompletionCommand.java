package io.github.kubectlindexed.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl indexed completion bash|zsh}: a completion script for the {@code kubectl-indexed} command (picocli's
 * bash script; zsh loads the same script through bashcompinit). Completion of {@code kubectl indexed ...} goes through
 * kubectl and the {@code kubectl_complete-indexed} helper instead.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {
        "Print a shell completion script for the kubectl-indexed command.",
        "",
        "  bash:  source <(kubectl indexed completion bash)",
        "  zsh:   source <(kubectl indexed completion zsh)",
        "",
        "For 'kubectl indexed <TAB>' (completion through kubectl 1.26+), put kubectl_complete-indexed on PATH.",
    })
public class CompletionCommand extends BaseCommand {
  enum Shell { bash, zsh }

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("kubectl-indexed", spec.root().commandLine());
    if (shell == Shell.zsh) {
      out().println("# zsh completion for kubectl-indexed: load with  source <(kubectl indexed completion zsh)");
      out().println("autoload -U +X compinit && compinit");
      out().println("autoload -U +X bashcompinit && bashcompinit");
    }
    out().print(script);
    out().flush();
    return 0;
  }
}
