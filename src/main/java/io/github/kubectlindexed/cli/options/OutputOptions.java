package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.output.ManifestPrinter;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Stack;

/** {@code -o yaml|json|name} and {@code --dry-run=none|client|server} (a bare {@code --dry-run} means client). */
public class OutputOptions {
  /** kubectl's dry-run strategies. Lower-case: they are flag values. */
  public enum DryRun { none, client, server }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Print the objects: yaml, json or name (default: 'kind/name created' lines).")
  ManifestPrinter.Format output;

  @Option(names = "--dry-run", paramLabel = "MODE", arity = "0..1", fallbackValue = "client",
      preprocessor = AttachedOnly.class,
      description = "none (create), client (print only; no cluster needed) or server (the server checks, nothing is"
          + " kept). A bare --dry-run means client.")
  DryRun dryRun = DryRun.none;

  /**
   * Like kubectl, a value is taken only when attached ({@code --dry-run=server}): in {@code --dry-run foo}, foo is
   * the next argument, not the mode.
   */
  static final class AttachedOnly implements IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
      if (!"=".equals(info.get("separator"))) {
        if (!args.isEmpty() && MODES.contains(args.peek())) {
          // kubectl reads "--dry-run server" as a bare --dry-run and an argument "server": refuse the trap
          throw new ParameterException(commandSpec.commandLine(), "--dry-run " + args.peek() + ": write --dry-run="
              + args.peek() + " (a value after a space is not the mode; a bare --dry-run means client)");
        }
        args.push(DryRun.client.name());
      } else if (!args.isEmpty() && ("true".equals(args.peek()) || "false".equals(args.peek()))) {
        // kubectl still takes the old boolean values, with this warning
        String old = args.pop();
        String now = "true".equals(old) ? DryRun.client.name() : DryRun.none.name();
        PrintWriter err = commandSpec.commandLine().getErr();
        err.println("warning: --dry-run=" + old + " is deprecated (boolean value) and can be replaced with --dry-run="
            + now + ".");
        err.flush();
        args.push(now);
      }
      return false;
    }
  }

  private static final java.util.Set<String> MODES = java.util.Set.of("client", "server", "none");

  /** The -o format, or null for the default "created" lines. */
  public ManifestPrinter.Format output() {
    return output;
  }

  public DryRun dryRun() {
    return dryRun;
  }

  /** The suffix of the "created" lines: "", " (dry run)" or " (server dry run)". */
  public String createdSuffix() {
    return switch (dryRun) {
      case client -> " (dry run)";
      case server -> " (server dry run)";
      default -> "";
    };
  }
}
