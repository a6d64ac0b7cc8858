package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code __complete} (kubectl's plugin-completion protocol) offers exactly what each command accepts, for every
 * visible command of the command list:
 * <ul>
 *   <li>completing {@code --} offers every long flag the command has, and nothing else; {@code -} every name;</li>
 *   <li>for every flag that takes a value (and every first positional argument), each value completion offers is
 *       accepted by the command itself, and when the flag has a closed set of values, every value of a wide
 *       vocabulary that the command accepts is offered.</li>
 * </ul>
 * "Accepted" is decided by running the command through {@link CliRunner}: a value is accepted when the command gets
 * past all its own parsing and checks, i.e. it ends at exit 0 (a client dry run, {@code version --client},
 * {@code completion bash}), or it reaches the point of connecting to a cluster (a stand-in factory answers with a
 * marked exit-4 line). A deprecated spelling that is taken with a warning ({@code --dry-run=true}) is not offered.
 * A flag is closed when it accepts some words of the vocabulary but refuses arbitrary ones.
 */
class CompletionExactnessTest {
  static final String REACHED = "the command reached for the cluster";

  /** One run with a stand-in cluster that marks the attempt to connect. */
  static CliRunner.Result run(List<String> args) {
    CliRunner cli = new CliRunner(c -> {
      throw PluginException.cluster(REACHED, null);
    });
    if (args.get(0).equals("apply")) {
      cli.stdin(STREAM);
    }
    return cli.run(args.toArray(String[]::new));
  }

  /** Runs already made: the same command line is judged once. */
  static final Map<List<String>, Boolean> JUDGED = new java.util.concurrent.ConcurrentHashMap<>();

  static boolean accepted(List<String> args) {
    return JUDGED.computeIfAbsent(List.copyOf(args), a -> accepted(run(a)));
  }

  static boolean accepted(CliRunner.Result r) {
    return (r.exit() == 0 && !r.err().contains("deprecated")) || r.err().equals("error: " + REACHED + "\n");
  }

  /** What 'apply -f -' reads: the stream 'create --dry-run=client -o yaml' prints. */
  static final String STREAM = CliRunner.offline().run("create", "applied", "--image", "busybox", "--items", "a,b",
      "--dry-run=client", "-o", "yaml").out();

  /**
   * A command line that each command accepts, as alternatives (a value is accepted if one of them takes it). Index 1
   * is the first positional argument when the command has one; a flag under test is appended (the last one wins).
   */
  static final Map<String, List<List<String>>> BASES = new LinkedHashMap<>();

  static {
    for (String cmd : List.of("create", "run")) {
      BASES.put(cmd, List.of(
          List.of(cmd, "j", "--image", "x", "--items", "a,b", "--dry-run=client"),
          List.of(cmd, "j", "--image", "x", "--completions", "2", "--dry-run=client")));
    }
    BASES.put("apply", List.of(List.of("apply", "-f", "-")));
    for (String cmd : List.of("wait", "logs", "status", "delete", "retry", "suspend", "resume")) {
      BASES.put(cmd, List.of(List.of(cmd, "j")));
    }
    BASES.put("scale", List.of(List.of("scale", "j", "--parallelism", "2")));
    BASES.put("list", List.of(List.of("list")));
    BASES.put("version", List.of(List.of("version", "--client")));
    BASES.put("completion", List.of(List.of("completion", "bash")));
    BASES.put("help", List.of(List.of("help", "create")));
  }

  /** Words a user may try as a value, beyond every value completion offers anywhere and every enum constant. */
  static final List<String> EXTRA_WORDS = List.of("yaml", "json", "name", "wide", "table", "csv", "go-template",
      "jsonpath", "custom-columns", "text", "xml", "none", "client", "server", "true", "false", "last", "all", "first",
      "newest", "complete", "failed", "condition=complete", "condition=failed", "succeeded", "bash", "zsh", "fish",
      "powershell", "env", "init", "downward", "auto", "inline", "configmap", "Never", "OnFailure", "Always");
  /** Flag types whose values are numbers or durations (not probed with the words). */
  static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class,
      java.time.Duration.class);

  /** Words no closed set has; a flag that takes either is free-form (names, paths, K=V pairs). */
  static final List<String> ARBITRARY = List.of("zz-not-a-value", "zz=not-a-value");

  static CommandLine tree() {
    return HelpScreensTest.tree();
  }

  static List<String> commands() {
    return HelpScreensTest.commands();
  }

  @Test
  void everyCommandHasABaseCommandLine() {
    assertEquals(new TreeSet<>(commands()), new TreeSet<>(BASES.keySet()));
    for (Map.Entry<String, List<List<String>>> e : BASES.entrySet()) {
      for (List<String> base : e.getValue()) {
        CliRunner.Result r = run(base);
        assertTrue(accepted(r), base + ": " + r);
      }
    }
  }

  /** The candidates {@code __complete} prints for these words, without the directive line. */
  static List<String> complete(String... words) {
    List<String> args = new ArrayList<>(List.of("__complete"));
    args.addAll(List.of(words));
    CliRunner.Result r = run(args);
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = new ArrayList<>(r.out().lines().toList());
    assertTrue(lines.get(lines.size() - 1).matches(":[0-9]+"), r.out());
    lines.remove(lines.size() - 1);
    return lines;
  }

  @ParameterizedTest
  @MethodSource("commands")
  void offersEveryFlag(String cmd) {
    CommandSpec spec = tree().getSubcommands().get(cmd).getCommandSpec();
    Set<String> longNames = new TreeSet<>();
    Set<String> allNames = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        for (String n : o.names()) {
          allNames.add(n);
          if (n.startsWith("--")) {
            longNames.add(n);
          }
        }
      }
    }
    assertEquals(longNames, new TreeSet<>(complete(cmd, "--")), cmd + " --<TAB>");
    assertEquals(allNames, new TreeSet<>(complete(cmd, "-")), cmd + " -<TAB>");
  }

  /** Every value completion offers anywhere, every enum constant a flag converts into, and the extra words. */
  static List<String> vocabulary() {
    Map<String, String> words = new LinkedHashMap<>(); // lower case -> the first spelling seen
    CommandLine tree = tree();
    for (String cmd : commands()) {
      CommandSpec spec = tree.getSubcommands().get(cmd).getCommandSpec();
      List<picocli.CommandLine.Model.ArgSpec> args = new ArrayList<>(spec.options());
      args.addAll(spec.positionalParameters());
      for (picocli.CommandLine.Model.ArgSpec a : args) {
        if (a.completionCandidates() != null) {
          a.completionCandidates().forEach(w -> words.putIfAbsent(w.toLowerCase(Locale.ROOT), w));
        }
        if (a.type().isEnum()) {
          for (Object c : a.type().getEnumConstants()) {
            words.putIfAbsent(((Enum<?>) c).name().toLowerCase(Locale.ROOT), ((Enum<?>) c).name());
          }
        }
      }
    }
    // the command names ('help CMD'); the hidden ones are internal and never offered
    commands().forEach(c -> words.putIfAbsent(c.toLowerCase(Locale.ROOT), c));
    EXTRA_WORDS.forEach(w -> words.putIfAbsent(w.toLowerCase(Locale.ROOT), w));
    return List.copyOf(words.values());
  }

  /** Whether one of the command's base lines, with {@code flag=value} appended, is accepted. */
  static boolean acceptsFlag(String cmd, String flag, String value) {
    for (List<String> base : BASES.get(cmd)) {
      List<String> args = new ArrayList<>(base);
      args.add(flag + "=" + value);
      if (accepted(args)) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of the command's base lines, with {@code value} as its first positional argument, is accepted. */
  static boolean acceptsPositional(String cmd, String value) {
    for (List<String> base : BASES.get(cmd)) {
      List<String> args = new ArrayList<>(base);
      if (args.size() > 1) {
        args.set(1, value);
      } else {
        args.add(value);
      }
      if (accepted(args)) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @MethodSource("commands")
  void offersExactlyTheValuesEachFlagAccepts(String cmd) {
    CommandSpec spec = tree().getSubcommands().get(cmd).getCommandSpec();
    Set<String> shared = HelpScreensTest.connectionFlags();
    // the connection flags are one mixin: their values are proven once, on list
    boolean withConnectionFlags = cmd.equals("list");
    List<String> vocabulary = vocabulary();
    int closed = 0;
    for (OptionSpec o : spec.options()) {
      if (o.hidden() || o.arity().max() == 0 || o.usageHelp() || o.versionHelp()
          || (!withConnectionFlags && shared.contains(o.longestName()))) {
        continue;
      }
      String flag = o.longestName();
      assertTrue(flag.startsWith("--"), cmd + ": " + flag + " has a long name");
      List<String> offered = complete(cmd, flag + "=").stream().map(w -> w.substring(flag.length() + 1)).toList();
      for (String v : offered) {
        assertTrue(acceptsFlag(cmd, flag, v), cmd + " " + flag + ": offers " + v + ", which the command refuses");
      }
      // a value in the next word: the same, unless the value is optional (--dry-run takes its mode only after '=')
      for (String n : o.names()) {
        List<String> next = complete(cmd, n, "");
        if (o.arity().min() > 0) {
          assertEquals(offered, next, cmd + " " + n + " <TAB> offers the same as " + flag + "=<TAB>");
        } else {
          assertTrue(next.stream().noneMatch(offered::contains), cmd + " " + n + " <TAB>: " + next);
        }
      }
      if (NUMERIC.contains(o.type())) {
        // a number or a duration: no closed set of words to offer
        assertEquals(List.of(), offered, cmd + " " + flag);
        assertTrue(!acceptsFlag(cmd, flag, ARBITRARY.get(0)), cmd + " " + flag + " takes a number");
        continue;
      }
      if (ARBITRARY.stream().noneMatch(w -> acceptsFlag(cmd, flag, w))) {
        Set<String> accepts = new LinkedHashSet<>();
        for (String w : vocabulary) {
          if (acceptsFlag(cmd, flag, w)) {
            accepts.add(w);
          }
        }
        if (!accepts.isEmpty()) {
          closed++;
          assertEquals(accepts, new LinkedHashSet<>(offered), cmd + " " + flag + ": a closed set");
        }
      }
    }
    PositionalParamSpec first = spec.positionalParameters().stream().filter(p -> p.index().contains(0)).findFirst()
        .orElse(null);
    if (first != null && !first.hidden()) {
      List<String> offered = complete(cmd, "");
      for (String v : offered) {
        assertTrue(acceptsPositional(cmd, v), cmd + ": offers " + v + ", which the command refuses");
      }
      if (ARBITRARY.stream().noneMatch(w -> acceptsPositional(cmd, w))) {
        Set<String> accepts = new LinkedHashSet<>();
        for (String w : vocabulary) {
          if (acceptsPositional(cmd, w)) {
            accepts.add(w);
          }
        }
        if (!accepts.isEmpty()) {
          closed++;
          assertEquals(accepts, new LinkedHashSet<>(offered), cmd + " " + first.paramLabel() + ": a closed set");
        }
      }
    }
    if (CLOSED.containsKey(cmd)) {
      assertEquals(CLOSED.get(cmd).intValue(), closed, cmd + ": the flags with a closed set of values were found");
    }
  }

  /**
   * How many closed sets each command has (flags and first positional), so that the probe above cannot pass by
   * finding none: create and run: --style, --items-mode, --restart-policy, -o, --dry-run.
   */
  static final Map<String, Integer> CLOSED = Map.ofEntries(Map.entry("create", 5), Map.entry("run", 5),
      Map.entry("apply", 1), Map.entry("wait", 1), Map.entry("logs", 1), Map.entry("status", 1),
      Map.entry("list", 1), Map.entry("retry", 2), Map.entry("version", 1), Map.entry("completion", 1),
      Map.entry("help", 1));
}
