package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cluster.Connection;
import io.github.kubectlindexed.cluster.JobNames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kubectl-indexed __complete WORDS...}: kubectl's plugin-completion protocol (kubectl 1.26+ runs
 * {@code kubectl_complete-indexed WORDS...}, which calls this). WORDS are the words after {@code indexed}, the last one
 * being the word to complete (possibly empty). Prints one candidate per line, then {@code :<directive>} (cobra's
 * ShellCompDirective: 4 = no file completion, 0 = default, i.e. let the shell complete file names).
 *
 * <p>Completes subcommands, flags, flag values ({@code --style}, {@code -o}, {@code --dry-run}, ...) and, for commands
 * that take a Job name, the Indexed Jobs in the namespace, asked of the cluster with a short timeout.
 */
@Command(name = "__complete", hidden = true, description = "Shell completion protocol for kubectl (internal).")
public class CompleteCommand implements java.util.concurrent.Callable<Integer> {
  static final int DIRECTIVE_DEFAULT = 0;
  static final int DIRECTIVE_NO_FILE_COMP = 4;
  /** How long the Job-name lookup may take: the user is waiting at a prompt. */
  static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(1500);
  /** Overrides {@link #LOOKUP_TIMEOUT}, in milliseconds (slow clusters, tests). */
  static final String TIMEOUT_ENV = "KUBECTL_INDEXED_COMPLETION_TIMEOUT_MS";
  /** Commands whose first positional parameter is a Job name. */
  static final Set<String> JOB_COMMANDS = Set.of("wait", "logs", "status", "delete", "scale", "suspend", "resume",
      "retry");

  @ParentCommand
  Root root;

  /** The words after 'indexed', options included (so they are not parsed here); the last is completed. */
  @Unmatched
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = root.context().out();
    Completion c = complete(root.spec.commandLine(), rawWords(), this::jobNames);
    for (String candidate : c.candidates()) {
      out.println(candidate);
    }
    out.println(":" + c.directive());
    out.flush();
    return 0;
  }

  /**
   * The words exactly as given after {@code __complete}: picocli takes a {@code --} among them as its own end of
   * options and drops it, so {@code kubectl indexed create --<TAB>} would complete the word before it.
   */
  private List<String> rawWords() {
    CommandLine.ParseResult parsed = root.spec.commandLine().getParseResult();
    List<String> args = parsed == null ? List.of() : parsed.originalArgs();
    int at = args.indexOf("__complete");
    return at < 0 ? words : new ArrayList<>(args.subList(at + 1, args.size()));
  }

  private List<String> jobNames(Map<String, String> flags) {
    Duration timeout = LOOKUP_TIMEOUT;
    String ms = root.context().env().get(TIMEOUT_ENV);
    if (ms != null && ms.matches("[0-9]{1,9}")) {
      timeout = Duration.ofMillis(Long.parseLong(ms));
    }
    return JobNames.lookup(root.context().clients(), connection(flags, timeout), timeout);
  }

  /** The candidates and cobra directive for one completion request. */
  public record Completion(List<String> candidates, int directive) {}

  /** Looks up Job names given the connection flags found on the command line. */
  @FunctionalInterface
  interface JobLookup {
    List<String> names(Map<String, String> connectionFlags);
  }

  static Completion complete(CommandLine rootLine, List<String> args, JobLookup jobs) {
    List<String> all = args.isEmpty() ? List.of("") : args;
    String toComplete = all.get(all.size() - 1);
    List<String> before = all.subList(0, all.size() - 1);

    CommandSpec cur = rootLine.getCommandSpec();
    boolean inSubcommand = false;
    OptionSpec pending = null;
    boolean endOfOptions = false;
    int positionals = 0;
    Map<String, String> flags = new HashMap<>();
    for (String w : before) {
      if (pending != null) {
        flags.put(pending.longestName(), w);
        pending = null;
        continue;
      }
      if (!endOfOptions && w.equals("--")) {
        endOfOptions = true;
        continue;
      }
      if (!endOfOptions && w.startsWith("-") && w.length() > 1) {
        int eq = w.indexOf('=');
        OptionSpec o = cur.findOption(eq > 0 ? w.substring(0, eq) : w);
        if (o != null) {
          if (eq > 0) {
            flags.put(o.longestName(), w.substring(eq + 1));
          } else if (o.arity().min() > 0) {
            pending = o;
          } else {
            flags.put(o.longestName(), "true");
          }
        }
        continue;
      }
      CommandLine sub = inSubcommand ? null : cur.subcommands().get(w);
      if (sub != null) {
        cur = sub.getCommandSpec();
        inSubcommand = true;
      } else {
        positionals++;
      }
    }

    if (pending != null) {
      return values(pending, "", toComplete);
    }
    if (!endOfOptions && toComplete.startsWith("--") && toComplete.indexOf('=') > 0) {
      int eq = toComplete.indexOf('=');
      OptionSpec o = cur.findOption(toComplete.substring(0, eq));
      return o == null ? new Completion(List.of(), DIRECTIVE_NO_FILE_COMP)
          : values(o, toComplete.substring(0, eq + 1), toComplete.substring(eq + 1));
    }
    if (!endOfOptions && toComplete.startsWith("-")) {
      Set<String> names = new LinkedHashSet<>();
      for (OptionSpec o : cur.options()) {
        if (o.hidden()) {
          continue;
        }
        for (String n : o.names()) {
          if (n.startsWith(toComplete)) {
            names.add(n);
          }
        }
      }
      return new Completion(List.copyOf(names), DIRECTIVE_NO_FILE_COMP);
    }
    if (!inSubcommand || (cur.userObject() instanceof CommandLine.HelpCommand && positionals == 0)) {
      // the commands, after 'indexed' or after 'help'
      List<String> subs = new ArrayList<>();
      for (Map.Entry<String, CommandLine> e : rootLine.getCommandSpec().subcommands().entrySet()) {
        if (!e.getValue().getCommandSpec().usageMessage().hidden() && e.getKey().startsWith(toComplete)) {
          subs.add(e.getKey());
        }
      }
      return new Completion(subs, DIRECTIVE_NO_FILE_COMP);
    }
    if (JOB_COMMANDS.contains(cur.name()) && positionals == 0) {
      return new Completion(filter(jobs.names(flags), toComplete, ""), DIRECTIVE_NO_FILE_COMP);
    }
    // a positional parameter with a closed set (completion's SHELL): its own candidates
    for (picocli.CommandLine.Model.PositionalParamSpec p : cur.positionalParameters()) {
      if (p.index().contains(positionals) && p.completionCandidates() != null) {
        List<String> candidates = new ArrayList<>();
        p.completionCandidates().forEach(candidates::add);
        return new Completion(filter(candidates, toComplete, ""), DIRECTIVE_NO_FILE_COMP);
      }
    }
    return new Completion(List.of(), DIRECTIVE_NO_FILE_COMP);
  }

  private static Completion values(OptionSpec o, String prefix, String partial) {
    List<String> candidates = new ArrayList<>();
    if (o.completionCandidates() != null) {
      o.completionCandidates().forEach(candidates::add);
    }
    if (candidates.isEmpty() && takesFile(o)) {
      return new Completion(List.of(), DIRECTIVE_DEFAULT);
    }
    return new Completion(filter(candidates, partial, prefix), DIRECTIVE_NO_FILE_COMP);
  }

  private static boolean takesFile(OptionSpec o) {
    Class<?> type = o.type();
    String name = o.longestName().toLowerCase(java.util.Locale.ROOT);
    return type == java.io.File.class || type == java.nio.file.Path.class || name.contains("file")
        || name.contains("kubeconfig");
  }

  private static List<String> filter(List<String> candidates, String partial, String prefix) {
    List<String> result = new ArrayList<>();
    for (String c : candidates) {
      if (c.startsWith(partial)) {
        result.add(prefix + c);
      }
    }
    return result;
  }

  /** kubectl's connection flags found among the words, for the Job-name lookup. */
  static Connection connection(Map<String, String> f, Duration timeout) {
    return new Connection(f.get("--namespace"), f.get("--kubeconfig"), f.get("--context"), f.get("--cluster"),
        f.get("--user"), f.get("--as"), List.of(), f.get("--server"), f.get("--token"),
        "true".equals(f.get("--insecure-skip-tls-verify")), timeout, 0);
  }
}
