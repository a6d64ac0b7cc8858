package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.output.ManifestPrinter;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

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
        args.push(DryRun.client.name());
      }
      return false;
    }
  }

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
