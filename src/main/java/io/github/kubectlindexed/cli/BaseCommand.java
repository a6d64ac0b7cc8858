package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cli.options.KubeOptions;
import io.github.kubectlindexed.cluster.Cluster;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Shared plumbing for subcommands: the injected {@link Context}, the connection flags, and the streams. */
public abstract class BaseCommand implements Callable<Integer> {
  @ParentCommand
  protected Root root;

  @Spec
  protected CommandSpec spec;

  @Mixin
  protected KubeOptions kube;

  /** Listed last among the command's own options (see {@link HelpLayout}). */
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  protected Context ctx() {
    return root.context();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A line on stderr, flushed at once (notes such as which Job was chosen). */
  protected void note(String line) {
    PrintWriter err = err();
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }

  /** Connects with the kubectl flags; callers close the cluster. */
  protected Cluster connect() {
    return ctx().clients().connect(kube.connection());
  }
}
