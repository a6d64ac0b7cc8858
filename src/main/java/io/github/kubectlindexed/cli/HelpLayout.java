package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cli.options.KubeOptions;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of every help screen, as kubectl's: 80 columns (never the terminal's width), a blank line between
 * sections, the command's own flags under "Options:", then kubectl's shared connection flags ({@link KubeOptions})
 * under "Connection flags:". Text is filled here, broken at spaces only. The texts themselves live in each command's
 * {@code @Command}: one string per paragraph, examples as whole commands (a long one continues with {@code \}).
 */
final class HelpLayout {
  private HelpLayout() {}

  /** The width of every help screen. */
  static final int WIDTH = 80;
  /** The heading of the shared connection flags. */
  static final String CONNECTION_HEADING = "Connection flags:";
  /** The help section that lists them, after the command's own options. */
  static final String CONNECTION_SECTION = "connectionFlags";

  /** Lays out the help of {@code cl} (not of its subcommands). Cheap: the lists are computed only when shown. */
  static void apply(CommandLine cl) {
    UsageMessageSpec u = cl.getCommandSpec().usageMessage();
    if (cl.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
      // picocli's own words are a header and two hard-broken lines
      u.header(new String[0]);
      u.description("Show the help of kubectl indexed, or of one of its commands.", "",
          "'kubectl indexed help COMMAND' shows the same as 'kubectl indexed COMMAND --help'.");
    }
    u.width(WIDTH);
    u.autoWidth(false);
    u.sortOptions(false);
    u.synopsisHeading("Usage: ");
    u.descriptionHeading("%n");
    u.parameterListHeading("%nArguments:%n");
    u.optionListHeading("%nOptions:%n");
    u.commandListHeading("%nCommands:%n");
    // set on the spec, not on the CommandLine: CommandLine's setters would also change every subcommand
    Map<String, CommandLine.IHelpSectionRenderer> sections = new HashMap<>(u.sectionMap());
    sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> fill(help.commandSpec().usageMessage()
        .description()));
    sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> fill(help.commandSpec().usageMessage().footer()));
    sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
        help -> help.parameterList(layout(help), help.parameterLabelRenderer()));
    sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> list(help, false));
    sections.put(CONNECTION_SECTION, help -> {
      String flags = list(help, true);
      return flags.isEmpty() ? "" : help.createHeading("%n" + CONNECTION_HEADING + "%n") + flags;
    });
    List<String> keys = new ArrayList<>(u.sectionKeys());
    keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, CONNECTION_SECTION);
    u.sectionKeys(keys);
    u.sectionMap(sections);
  }

  /**
   * Lines of at most {@link #WIDTH} columns: a paragraph (an element that starts with a letter) is filled word by
   * word and broken only at spaces, so a name such as {@code kubectl-indexed.io/job-name} is never cut; an element
   * that starts with a space (an example, a list) and an empty one are printed as they are.
   */
  static String fill(String[] paragraphs) {
    return fill(paragraphs, WIDTH);
  }

  static String fill(String[] paragraphs, int width) {
    String nl = System.lineSeparator();
    StringBuilder out = new StringBuilder();
    for (String paragraph : paragraphs) {
      for (String p : paragraph.split("%n", -1)) {
        if (p.isEmpty() || p.startsWith(" ")) {
          out.append(p).append(nl);
          continue;
        }
        StringBuilder line = new StringBuilder();
        for (String word : p.split(" +")) {
          if (line.length() > 0 && line.length() + 1 + word.length() > width) {
            out.append(line).append(nl);
            line.setLength(0);
          }
          line.append(line.length() > 0 ? " " : "").append(word);
        }
        out.append(line).append(nl);
      }
    }
    return out.toString();
  }

  /**
   * The visible options of the command: its own (in declaration order, -h/--help last), or the connection flags (in
   * {@link KubeOptions}' order).
   */
  private static String list(Help help, boolean connection) {
    CommandSpec spec = help.commandSpec();
    List<OptionSpec> shared = connectionOptions(spec);
    List<OptionSpec> shown = new ArrayList<>();
    List<OptionSpec> last = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden() && shared.contains(o) == connection) {
        (o.usageHelp() || o.versionHelp() ? last : shown).add(o);
      }
    }
    shown.addAll(last);
    if (shown.isEmpty()) {
      return "";
    }
    return help.optionListExcludingGroups(shown, layout(help), null, help.parameterLabelRenderer());
  }

  /** The longest flag (with its value label) that sets the width of the names column (as picocli's default). */
  static final int NAMES_MAX_WIDTH = 20;

  /**
   * Picocli's table, with a names column of our own width: as wide as the longest names of at most
   * {@link #NAMES_MAX_WIDTH} columns plus two, and never exactly one column wider than a row's names, which picocli
   * would print with a single space before the description ({@code --delete-finished-pods With ...}). Longer names
   * get a row of their own, as in picocli. The same for the arguments, the options and the connection flags, so
   * that their descriptions line up.
   */
  static Help.Layout layout(Help help) {
    CommandSpec spec = help.commandSpec();
    List<Integer> widths = new ArrayList<>();
    Help.IOptionRenderer options = help.createDefaultOptionRenderer();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        widths.add(options.render(o, help.parameterLabelRenderer(), help.colorScheme())[0][3].plainString().length());
      }
    }
    Help.IParameterRenderer params = help.createDefaultParameterRenderer();
    for (picocli.CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        widths.add(params.render(p, help.parameterLabelRenderer(), help.colorScheme())[0][3].plainString().length());
      }
    }
    int longest = widths.stream().filter(w -> w <= NAMES_MAX_WIDTH).max(Integer::compare).orElse(0);
    int column = longest + 3;
    while (widths.contains(column - 1)) {
      column++;
    }
    int text = WIDTH - column - 5 - 1; // picocli's description column, less its indent
    return new Help.Layout(help.colorScheme(), Help.TextTable.forDefaultColumns(help.colorScheme(), column, WIDTH),
        (o, labels, scheme) -> refill(options.render(o, labels, scheme), text, scheme),
        (p, labels, scheme) -> refill(params.render(p, labels, scheme), text, scheme));
  }

  /**
   * Picocli's rows of one flag, with its description filled to {@code width} columns at spaces only (picocli's own
   * wrapping also breaks after a dot or a slash, cutting {@code kueue.x-k8s.io/queue-name} in two).
   */
  private static Help.Ansi.Text[][] refill(Help.Ansi.Text[][] rows, int width, Help.ColorScheme scheme) {
    List<Help.Ansi.Text[]> result = new ArrayList<>();
    for (Help.Ansi.Text[] row : rows) {
      String description = row[4].plainString();
      if (description.length() <= width) {
        result.add(row);
        continue;
      }
      String[] lines = fill(new String[] {description}, width).split(System.lineSeparator());
      for (int i = 0; i < lines.length; i++) {
        Help.Ansi.Text empty = scheme.text("");
        Help.Ansi.Text[] filled = i == 0 ? row.clone() : new Help.Ansi.Text[] {empty, empty, empty, empty, null};
        filled[4] = scheme.text(lines[i]);
        result.add(filled);
      }
    }
    return result.toArray(new Help.Ansi.Text[0][]);
  }

  /** The options the command has from its {@link KubeOptions} mixin (none for help and completion). */
  static List<OptionSpec> connectionOptions(CommandSpec spec) {
    for (CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof KubeOptions) {
        List<OptionSpec> result = new ArrayList<>();
        for (OptionSpec o : mixin.options()) {
          OptionSpec own = spec.findOption(o.longestName());
          if (own != null) {
            result.add(own);
          }
        }
        return result;
      }
    }
    return List.of();
  }
}
