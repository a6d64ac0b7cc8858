package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.manifest.Keys;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.manifest.Manifests;
import io.github.kubectlindexed.manifest.Validation;

import static io.github.kubectlindexed.manifest.Validation.show;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Parses the structured flag values of create; every failure is a one-line usage error naming the flag. */
public final class FlagValues {
  private FlagValues() {}

  private static final Pattern QUANTITY =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?");
  private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  /** {@code --items a,b,c}: split on commas, no quoting. */
  public static List<String> splitItems(String value) {
    if (value.isEmpty()) {
      throw PluginException.usage("--items: \"\": has no items (give one empty item with --item=)");
    }
    String[] parts = value.split(",", -1);
    List<String> items = new ArrayList<>(parts.length);
    for (String p : parts) {
      items.add(p);
    }
    return items;
  }

  /** {@code --env K=V} (repeatable), in order; a later K replaces an earlier one. */
  public static Map<String, String> env(List<String> values) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq <= 0) {
        throw PluginException.usage("--env: " + show(v) + ": must be NAME=VALUE");
      }
      env.put(v.substring(0, eq), v.substring(eq + 1));
    }
    return env;
  }

  /** {@code --labels k=v,k2=v2}. */
  public static Map<String, String> labels(String value) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (value == null) {
      return labels;
    }
    for (String pair : value.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw PluginException.usage("--labels: " + show(value) + ": must be KEY=VALUE[,KEY=VALUE...]");
      }
      String key = pair.substring(0, eq);
      String val = pair.substring(eq + 1);
      if (!validLabelKey(key)) {
        throw PluginException.usage("--labels: " + show(value) + ": \"" + key + "\" is not a valid label key");
      }
      if (!LABEL_VALUE.matcher(val).matches()) {
        throw PluginException.usage("--labels: " + show(value) + ": \"" + val
            + "\" is not a valid label value (at most 63 letters, digits, '-', '_' or '.')");
      }
      if (key.equals(Keys.MANAGED_BY_LABEL)) {
        throw PluginException.usage("--labels: " + show(value) + ": " + key + " is set by kubectl indexed");
      }
      if (key.equals("controller-uid") || key.equals("batch.kubernetes.io/controller-uid")) {
        throw PluginException.usage("--labels: " + show(value) + ": " + key + " is set by the Job controller to"
            + " the Job's uid (the apiserver refuses any other value)");
      }
      labels.put(key, val);
    }
    return labels;
  }

  private static boolean validLabelKey(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !Validation.DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return LABEL_NAME.matcher(name).matches();
  }

  /** {@code --requests} / {@code --limits}: {@code cpu=100m,memory=64Mi}. */
  public static Map<String, String> resources(String flag, String value) {
    Map<String, String> res = new LinkedHashMap<>();
    if (value == null) {
      return res;
    }
    for (String pair : value.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw PluginException.usage(flag + ": " + show(value) + ": must be NAME=QUANTITY[,NAME=QUANTITY...]"
            + " (e.g. cpu=100m,memory=64Mi)");
      }
      String q = pair.substring(eq + 1);
      if (!QUANTITY.matcher(q).matches()) {
        throw PluginException.usage(flag + ": " + show(value) + ": \"" + q + "\" is not a quantity (e.g. 100m, 64Mi)");
      }
      if (q.startsWith("-")) {
        throw PluginException.usage(flag + ": " + show(value) + ": \"" + q + "\" is negative");
      }
      String name = pair.substring(0, eq);
      String problem = io.github.kubectlindexed.manifest.ValidationBypass.active() ? null : resourceNameProblem(name);
      if (problem != null) {
        throw PluginException.usage(flag + ": " + show(value) + ": \"" + name + "\" " + problem);
      }
      java.math.BigDecimal amount;
      try {
        amount = Validation.quantity(q);
      } catch (IllegalArgumentException e) {
        throw PluginException.usage(flag + ": " + show(value) + ": \"" + q + "\" is not a quantity (e.g. 100m, 64Mi)");
      }
      if (problem == null && extendedResource(name) && amount.stripTrailingZeros().scale() > 0
          && !io.github.kubectlindexed.manifest.ValidationBypass.active()) {
        throw PluginException.usage(flag + ": " + show(value) + ": \"" + q + "\" must be an integer for " + name);
      }
      res.put(name, q);
    }
    return res;
  }

  /**
   * Why the apiserver refuses {@code name} as a container resource (validateContainerResourceName), or null: a
   * standard name (cpu, memory, ephemeral-storage, hugepages-&lt;size&gt;), a native {@code *kubernetes.io/*} name, or
   * a domain-prefixed extended resource such as {@code nvidia.com/gpu}.
   */
  static String resourceNameProblem(String name) {
    String expected = " (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as"
        + " nvidia.com/gpu)";
    if (!validLabelKey(name)) {
      return "is not a valid resource name" + expected;
    }
    if (name.indexOf('/') < 0) {
      if (name.startsWith(Validation.HUGE_PAGES_PREFIX)) {
        String size = name.substring(Validation.HUGE_PAGES_PREFIX.length());
        boolean valid;
        try {
          valid = QUANTITY.matcher(size).matches() && Validation.quantity(size).signum() > 0;
        } catch (IllegalArgumentException e) {
          valid = false;
        }
        return valid ? null : "is not a valid huge page size (e.g. hugepages-2Mi, hugepages-1Gi)";
      }
      if (name.equals("cpu") || name.equals("memory") || name.equals("ephemeral-storage")) {
        return null;
      }
      return "must be a standard resource for containers" + expected;
    }
    if (name.contains("kubernetes.io/")) {
      return null;
    }
    if (name.startsWith("requests.") || !validLabelKey("requests." + name)) {
      return "doesn't follow extended resource name standard" + expected;
    }
    return null;
  }

  /** The apiserver's IsExtendedResourceName, for a name {@link #resourceNameProblem} accepts. */
  private static boolean extendedResource(String name) {
    return name.indexOf('/') >= 0 && !name.contains("kubernetes.io/");
  }

  /** {@code --fail-index-on-exit-codes 3,42}: non-zero exit codes, sorted and without duplicates (the API wants both). */
  public static List<Integer> exitCodes(String value) {
    if (value == null) {
      return null;
    }
    TreeSet<Integer> codes = new TreeSet<>();
    for (String p : value.split(",", -1)) {
      String t = p.trim();
      int code;
      try {
        code = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw PluginException.usage("--fail-index-on-exit-codes: " + show(value)
            + ": not a list of exit codes (e.g. 3,42)");
      }
      if (code == 0) {
        throw PluginException.usage("--fail-index-on-exit-codes: " + show(value)
            + ": exit code 0 means success and cannot fail an index");
      }
      codes.add(code);
    }
    if (codes.size() > 255) {
      throw PluginException.usage("--fail-index-on-exit-codes: " + codes.size() + " codes: at most 255 are allowed");
    }
    return new ArrayList<>(codes);
  }

  /** {@code --success-indexes 0-2,7}. */
  public static IndexSet indexSet(String flag, String value) {
    if (value == null) {
      return null;
    }
    try {
      IndexSet set = IndexSet.parse(value);
      if (set.isEmpty()) {
        throw PluginException.usage(flag + ": " + show(value) + ": names no index");
      }
      return set;
    } catch (IllegalArgumentException e) {
      throw PluginException.usage(flag + ": " + show(value) + ": " + e.getMessage());
    }
  }

}
