package io.github.kubectlindexed;

import io.github.kubectlindexed.cli.Cli;
import io.github.kubectlindexed.cli.Context;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point. The only class that calls {@link System#exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the plugin with the given streams and returns its exit code; never exits. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return Cli.commandLine(Context.system(out, err), args).execute(args);
  }
}
