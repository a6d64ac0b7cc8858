package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cluster.JobWaiter;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** {@code --for}: the outcomes a wait can wait for, as flag values; also the completion candidates. */
public final class Goals implements Iterable<String> {
  private static final String CONDITION = "condition=";

  /** complete, failed, condition=complete, condition=failed, in any letter case. */
  public static JobWaiter.Goal parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith(CONDITION)) {
      v = v.substring(CONDITION.length());
    }
    for (JobWaiter.Goal g : JobWaiter.Goal.values()) {
      if (g.name().toLowerCase(Locale.ROOT).equals(v)) {
        return g;
      }
    }
    throw PluginException.usage("--for: \"" + value
        + "\": expected complete, failed, condition=complete or condition=failed");
  }

  /** Every value {@link #parse} takes (in lower case): complete, failed, then kubectl's condition= forms. */
  @Override
  public Iterator<String> iterator() {
    java.util.List<String> values = new java.util.ArrayList<>();
    Arrays.stream(JobWaiter.Goal.values()).map(g -> g.name().toLowerCase(Locale.ROOT)).forEach(values::add);
    Arrays.stream(JobWaiter.Goal.values()).map(g -> CONDITION + g.name().toLowerCase(Locale.ROOT))
        .forEach(values::add);
    return values.iterator();
  }
}
