package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cli.options.KubeOptions;
import io.github.kubectlindexed.cluster.Session;
import picocli.CommandLine.Mixin;
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

  protected Context ctx() {
    return root.context();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Connects with the kubectl flags; callers close the session. */
  protected Session connect() {
    return ctx().clients().connect(kube.connection());
  }
}
