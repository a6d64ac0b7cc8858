package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cli.options.KubeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every help screen ({@code kubectl indexed --help} and {@code kubectl indexed CMD --help} for every visible command
 * of the command list) as a user reads it on an 80-column terminal:
 * <ul>
 *   <li>every line fits 80 columns;</li>
 *   <li>one spelling, {@code kubectl indexed}: {@code kubectl-indexed} appears only as the data it is (a label or
 *       annotation key {@code kubectl-indexed.io/...}, a label value or field manager {@code =kubectl-indexed});</li>
 *   <li>examples are whole commands: an indented line that starts with {@code kubectl indexed} is one command, or
 *       ends with {@code " \"} and goes on in the next, deeper indented line; every line of an "Examples:" block is
 *       such a line;</li>
 *   <li>prose is filled, not hard-broken then re-wrapped: when two lines of text follow each other, the second's
 *       first word would not have fit on the first;</li>
 *   <li>a command's summary (its first paragraph, shown in the top-level command list) is one whole sentence;</li>
 *   <li>the command's own flags are listed under "Options:", before the shared connection flags, which come under
 *       "Connection flags:".</li>
 * </ul>
 */
class HelpScreensTest {
  static final int WIDTH = 80;

  /** The visible commands, from the command list itself. */
  static List<String> commands() {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : tree().getSubcommands().entrySet()) {
      if (!e.getValue().getCommandSpec().usageMessage().hidden()) {
        names.add(e.getKey());
      }
    }
    return names;
  }

  static CommandLine tree() {
    PrintWriter sink = new PrintWriter(new StringWriter());
    return Cli.commandLine(new Context(sink, sink, InputStream.nullInputStream(), c -> {
      throw new AssertionError("help reached for a cluster");
    }, Clock.systemUTC(), Map.of(), false));
  }

  static String help(String... args) {
    CliRunner cli = CliRunner.offline();
    CliRunner.Result r = cli.run(args);
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err(), r.toString());
    assertEquals(0, cli.connects.get());
    return r.out();
  }

  @Test
  void theCommandListHasEveryCommandOfPluginYaml() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/plugin.yaml")) {
      Map<String, Object> plugin = new Yaml().load(in);
      @SuppressWarnings("unchecked")
      List<String> listed = (List<String>) plugin.get("commands");
      assertTrue(commands().containsAll(listed), "plugin.yaml " + listed + " vs the command list " + commands());
    }
  }

  @Test
  void theTopLevelScreen() {
    String screen = help("--help");
    checkScreen("kubectl indexed --help", screen);
    assertTrue(screen.startsWith("Usage: kubectl indexed [-h] [COMMAND]\n"), screen);
    // every command is listed with its whole summary
    String flat = screen.replaceAll("\\s+", " ");
    CommandLine tree = tree();
    for (String name : commands()) {
      String summary = tree.getSubcommands().get(name).getCommandSpec().usageMessage().description()[0];
      assertTrue(flat.contains(" " + name + " " + summary + " "), name + ": \"" + summary + "\" in:\n" + screen);
    }
    assertEquals(help("help"), screen, "'help' shows the same screen");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void eachCommandsScreen(String name) {
    String screen = help(name, "--help");
    checkScreen("kubectl indexed " + name + " --help", screen);
    assertTrue(screen.startsWith("Usage: kubectl indexed " + name + " "), screen);
    assertEquals(screen, help("help", name), "'help " + name + "' shows the same screen");

    CommandSpec spec = tree().getSubcommands().get(name).getCommandSpec();
    String[] description = spec.usageMessage().description();
    assertTrue(description.length > 0, name + " has a description");
    assertTrue(description[0].matches("[A-Z].*[.]"), name + ": the summary is a sentence: " + description[0]);
    assertTrue(description.length == 1 || description[1].isEmpty(),
        name + ": the summary is a paragraph of its own: " + List.of(description));
    checkOptionSections(name, spec, screen);
  }

  // --- the properties ---------------------------------------------------------------------------------------------

  private static final Pattern OTHER_SPELLING = Pattern.compile("(?<!=)kubectl-indexed(?!\\.io/)");

  static void checkScreen(String what, String screen) {
    List<String> lines = screen.lines().toList();
    for (String line : lines) {
      assertTrue(line.length() <= WIDTH, what + ": " + line.length() + " columns: " + line);
      assertFalse(OTHER_SPELLING.matcher(line).find(), what + ": write 'kubectl indexed': " + line);
      assertFalse(line.contains("\t"), what + ": a tab: " + line);
    }
    checkExamples(what, lines);
    checkFilled(what, lines);
  }

  static boolean isExample(String line) {
    String text = line.trim();
    return line.startsWith("  ") && (text.startsWith("kubectl indexed ") || text.equals("kubectl indexed"));
  }

  static int indent(String line) {
    return line.length() - line.stripLeading().length();
  }

  static void checkExamples(String what, List<String> lines) {
    boolean inBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean continuation = isContinuation(lines, i);
      if (continuation) {
        assertTrue(indent(line) > indent(exampleStart(lines, i)), what + ": a continued example goes on deeper"
            + " indented: " + line);
      }
      if (line.equals("Examples:") || line.equals("Example:")) {
        inBlock = true;
        continue;
      }
      if (line.isBlank()) {
        inBlock = false;
        continue;
      }
      if (inBlock) {
        assertTrue(isExample(line) || continuation, what + ": not a whole example: " + line);
      }
      String previous = i > 0 ? lines.get(i - 1) : "";
      if ((isExample(previous) || isContinuation(lines, i - 1)) && !previous.endsWith(" \\")) {
        assertTrue(isExample(line), what + ": a wrapped example (the line after it is not a new one):\n" + previous
            + "\n" + line);
      }
      if ((isExample(line) || continuation) && line.endsWith(" \\")) {
        assertTrue(i + 1 < lines.size() && !lines.get(i + 1).isBlank(), what + ": a continuation goes on: " + line);
      }
    }
  }

  /** Whether line i continues an example: the line before ends with " \" and starts or continues one. */
  static boolean isContinuation(List<String> lines, int i) {
    if (i < 1) {
      return false;
    }
    String previous = lines.get(i - 1);
    return previous.endsWith(" \\") && (isExample(previous) || isContinuation(lines, i - 1));
  }

  static String exampleStart(List<String> lines, int i) {
    int k = i;
    while (k > 0 && !isExample(lines.get(k))) {
      k--;
    }
    return lines.get(k);
  }

  /** Two lines of text in a row: the first is full, i.e. the second's first word would not have fit on it. */
  static void checkFilled(String what, List<String> lines) {
    for (int i = 1; i < lines.size(); i++) {
      String a = lines.get(i - 1).stripTrailing();
      String b = lines.get(i);
      if (a.isEmpty() || b.isBlank() || Character.isWhitespace(a.charAt(0)) || Character.isWhitespace(b.charAt(0))) {
        continue;
      }
      String firstWord = b.split(" ", 2)[0];
      assertTrue(a.length() + 1 + firstWord.length() > WIDTH, what + ": a line broken early (\"" + firstWord
          + "\" would fit on it):\n" + a + "\n" + b);
    }
  }

  /** kubectl's shared connection flags: the names of {@link KubeOptions}. */
  static Set<String> connectionFlags() {
    Set<String> names = new LinkedHashSet<>();
    for (OptionSpec o : CommandSpec.forAnnotatedObject(new KubeOptions()).options()) {
      names.addAll(List.of(o.names()));
    }
    return names;
  }

  private static final Pattern OPTION_ROW = Pattern.compile("^ {2,6}(-[^ ].*)$");
  /** An option row's first column: {@code -o, --output=FORMAT}, {@code --dry-run[=MODE]}, {@code --follow}. */
  private static final Pattern NAMES = Pattern.compile("(-[A-Za-z], )?--?[A-Za-z][\\w-]*(=\\S+|\\[=\\S+])?");

  /** The option names of the rows between line {@code from} and the next heading (or the end). */
  static Set<String> rowNames(List<String> lines, int from) {
    Set<String> names = new LinkedHashSet<>();
    for (int i = from + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        break;
      }
      Matcher m = OPTION_ROW.matcher(line);
      if (m.matches()) {
        String namesColumn = m.group(1).split("\\s{2,}", 2)[0];
        assertTrue(NAMES.matcher(namesColumn).matches(), "a row's names, then two spaces at least: " + line);
        for (String part : namesColumn.split(", ")) {
          names.add(part.split("[=\\[ ]", 2)[0]);
        }
      }
    }
    return names;
  }

  static void checkOptionSections(String name, CommandSpec spec, String screen) {
    List<String> lines = screen.lines().toList();
    int options = lines.indexOf("Options:");
    int connection = lines.indexOf("Connection flags:");
    assertTrue(options > 0, name + ": an Options: section:\n" + screen);
    Set<String> own = rowNames(lines, options);
    Set<String> shared = connectionFlags();
    Set<String> ownExpected = new LinkedHashSet<>();
    boolean hasConnectionFlags = false;
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      if (shared.contains(o.longestName())) {
        hasConnectionFlags = true;
      } else {
        ownExpected.addAll(List.of(o.names()));
      }
    }
    assertEquals(ownExpected, own, name + ": its own options under Options:\n" + screen);
    if (!hasConnectionFlags) {
      assertEquals(-1, connection, name + " takes no connection flags:\n" + screen);
      return;
    }
    assertTrue(connection > options, name + ": the connection flags come after the command's own:\n" + screen);
    assertEquals(shared, rowNames(lines, connection), name + ": the connection flags:\n" + screen);
    if (own.stream().anyMatch(shared::contains)) {
      fail(name + ": a connection flag among the command's own options:\n" + screen);
    }
  }
}
