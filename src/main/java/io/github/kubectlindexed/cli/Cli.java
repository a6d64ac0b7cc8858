package io.github.kubectlindexed.cli;


import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kubectlindexed.ExitCodes;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cli.options.KubeOptions;
import io.github.kubectlindexed.cluster.ApiErrors;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Builds the command line and its one error path: a one-line message and a documented exit code. */
public final class Cli {
  private Cli() {}

  /** The subcommands in help order (hidden ones last). */
  static final List<Class<?>> SUBCOMMANDS = List.of(
      CreateCommand.class,
      ApplyCommand.class,
      WaitCommand.class,
      LogsCommand.class,
      StatusCommand.class,
      ListCommand.class,
      DeleteCommand.class,
      RunCommand.class,
      RetryCommand.class,
      ScaleCommand.class,
      SuspendCommand.class,
      ResumeCommand.class,
      VersionCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class,
      CompleteCommand.class,
      TrainCommand.class);

  /** Their names, in the same order, read from their {@code @Command(name)} (no aliases). */
  static final List<String> NAMES = SUBCOMMANDS.stream()
      .map(c -> c.getAnnotation(CommandLine.Command.class).name()).toList();

  /** Subcommands that read the whole command tree: they always get it. */
  private static final Set<String> NEED_TREE = Set.of("help", "completion", "__complete");

  /** The command line with every subcommand. */
  public static CommandLine commandLine(Context ctx) {
    return build(ctx, -1);
  }

  /**
   * The command line for {@code args}: when the first argument names a subcommand that does not read the tree,
   * only that one is built (picocli's model of all twelve costs more than a client dry run); otherwise, as for
   * {@code --help}, no arguments or an unknown command, every subcommand.
   */
  public static CommandLine commandLine(Context ctx, String... args) {
    int only = -1;
    if (args != null && args.length > 0 && !NEED_TREE.contains(args[0])) {
      only = NAMES.indexOf(args[0]);
    }
    return build(ctx, only);
  }

  private static CommandLine build(Context ctx, int only) {
    CommandLine cl = new CommandLine(new Root(ctx));
    for (int i = 0; i < SUBCOMMANDS.size(); i++) {
      if (only < 0 || only == i) {
        cl.addSubcommand(NAMES.get(i), SUBCOMMANDS.get(i));
      }
    }
    HelpLayout.apply(cl);
    cl.getSubcommands().values().forEach(HelpLayout::apply);
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOverwrittenOptionsAllowed(true); // kubectl: a repeated flag, the last one wins
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new UsageHandler());
    return cl;
  }

  /** Bad flags: one line naming the flag, exit 2. */
  static final class UsageHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      String unknown = unknownCommand(ex);
      if (unknown != null) {
        err.print(unknown);
        err.flush();
        return ExitCodes.USAGE;
      }
      String message = ex.getMessage();
      Throwable cause = ex.getCause();
      // a duration flag, in kubectl's words: invalid argument "300" for "--timeout" flag: time: missing unit ...
      if (cause instanceof CommandLine.TypeConversionException && cause.getMessage() != null
          && cause.getMessage().startsWith("time: ") && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
        message = "invalid argument \"" + ex.getValue() + "\" for \"" + o.longestName() + "\" flag: "
            + cause.getMessage();
      } else if (cause instanceof IllegalArgumentException && cause.getMessage() != null && message != null
          && message.contains("Invalid value") && !message.contains(cause.getMessage())) {
        message = message + ": " + cause.getMessage();
      }
      err.println("error: " + message);
      err.flush();
      return ExitCodes.USAGE;
    }
  }

  /**
   * kubectl's words for a mistyped subcommand: {@code unknown command "wiat" for "kubectl indexed"}, the
   * commands within two edits (or starting with it), and the {@code --help} pointer. Null when {@code ex} is not
   * about an unknown first word.
   */
  static String unknownCommand(ParameterException ex) {
    if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || ex.getCommandLine().getParent() != null
        || u.getUnmatched().isEmpty()) {
      return null;
    }
    String word = u.getUnmatched().get(0);
    if (word.startsWith("-")) {
      return null;
    }
    StringBuilder b = new StringBuilder("error: unknown command \"" + word + "\" for \"kubectl indexed\"\n");
    List<String> names = ex.getCommandLine().getSubcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(java.util.Map.Entry::getKey).toList();
    // the closest commands within two edits (a swap of two letters is one), and those that start with the word
    int best = names.stream().mapToInt(n -> distance(n, word)).min().orElse(99);
    List<String> near = names.stream()
        .filter(n -> (best <= 2 && distance(n, word) == best) || n.startsWith(word.toLowerCase(java.util.Locale.ROOT)))
        .toList();
    if (!near.isEmpty()) {
      b.append("\nDid you mean this?\n");
      near.forEach(n -> b.append('\t').append(n).append('\n'));
    }
    b.append("\nRun 'kubectl indexed --help' for usage.\n");
    return b.toString();
  }

  /** Edit distance with swaps of two neighbours as one edit (optimal string alignment), ignoring case. */
  static int distance(String a, String b) {
    a = a.toLowerCase(java.util.Locale.ROOT);
    b = b.toLowerCase(java.util.Locale.ROOT);
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i][j - 1] + 1, d[i - 1][j] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** The -v level from which an error also prints its stack trace (6 and 8 log requests, as kubectl's do). */
  static final int STACK_TRACES = 9;

  /** Everything thrown while running a command ends here: one line on stderr (stack trace at -v=9 or more). */
  static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      Throwable t = unwrap(ex);
      int code;
      String message;
      if (t instanceof PluginException pe) {
        code = pe.exitCode();
        message = pe.getMessage();
      } else if (t instanceof KubernetesClientException) {
        code = ExitCodes.CLUSTER;
        message = ApiErrors.describe(t);
      } else if (t instanceof InterruptedException) {
        code = ExitCodes.INTERRUPTED;
        message = "interrupted";
      } else {
        code = ExitCodes.OUTCOME;
        message = ApiErrors.describe(t);
      }
      err.println("error: " + message);
      if (verbosity(cmd) >= STACK_TRACES) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        err.print(sw);
      }
      err.flush();
      return code;
    }

    private static int verbosity(CommandLine cmd) {
      for (Object mixin : cmd.getMixins().values()) {
        if (mixin instanceof KubeOptions k) {
          return k.verbosity();
        }
      }
      return 0;
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
