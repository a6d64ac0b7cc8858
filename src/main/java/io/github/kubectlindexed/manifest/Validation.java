package io.github.kubectlindexed.manifest;

import io.github.kubectlindexed.PluginException;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;


/**
 * Checks a request before anything is sent. Each failure is one line, {@code --flag: value: why}, exit 2. The
 * checks mirror what the apiserver would refuse, so a refused Job never half-exists.
 */
public final class Validation {
  private Validation() {}

  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?");
  public static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Indexed Jobs allow at most this parallelism. */
  public static final int MAX_PARALLELISM = 100_000;

  public static void validate(IndexedJobRequest r) {
    String name = r.name();
    if (name == null) {
      throw usage("NAME: required when --image is given (create NAME --image IMAGE [-- COMMAND...])");
    }
    if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
      throw usage("NAME: " + show(name) + ": must be a DNS-1123 label: at most 63 lower-case letters, digits"
          + " and '-', starting and ending with a letter or digit");
    }
    if (r.image() == null || r.image().isBlank()) {
      throw usage("--image: " + show(r.image()) + ": must not be empty");
    }
    if (r.initImage() != null) {
      if (r.initImage().isBlank()) {
        throw usage("--init-image: " + show(r.initImage()) + ": must not be empty");
      }
      if (r.style() != Style.init) {
        throw usage("--init-image: " + r.initImage() + ": only the init style has an init container (--style is "
            + r.style() + ")");
      }
    }
    checkItems(r);
    checkCounts(r);
    checkPolicies(r);
    checkPaths(r);
    checkEnv(r.env());
    if (r.serviceAccount() != null && (r.serviceAccount().length() > 253
        || !DNS_SUBDOMAIN.matcher(r.serviceAccount()).matches())) {
      throw usage("--service-account: " + show(r.serviceAccount()) + ": must be a DNS-1123 subdomain");
    }
  }

  private static void checkItems(IndexedJobRequest r) {
    List<String> items = r.items();
    String flag = r.itemsFlag() != null ? r.itemsFlag() : "--items";
    if (items == null) {
      if (r.style() == Style.init) {
        throw usage("--style: init: needs items (--items, --item or --items-file)");
      }
      if (r.itemsModeGiven()) {
        throw usage("--items-mode: " + r.itemsMode() + ": there are no items (--items, --item or --items-file)");
      }
      return;
    }
    if (items.isEmpty()) {
      throw usage(flag + ": has no items");
    }
    if (r.style() == Style.downward) {
      throw usage("--style: downward: takes no items (the pod reads its index from " + r.inputPath() + "); drop "
          + flag);
    }
    if (r.style() == Style.env && r.itemsMode() == ItemsMode.inline) {
      throw usage("--items-mode: inline: the env style reads items only from ConfigMap files under "
          + Manifests.ITEMS_DIR + " (use auto or configmap)");
    }
  }

  private static void checkCounts(IndexedJobRequest r) {
    Integer c = r.completions();
    List<String> items = r.items();
    if (c == null && items == null) {
      throw usage("--completions: required when there are no items (--items, --item or --items-file)");
    }
    if (c != null && c < 1) {
      throw usage("--completions: " + c + ": must be at least 1");
    }
    if (c != null && items != null && c != items.size()) {
      throw usage("--completions: " + c + ": there are " + items.size() + " items; completions must equal the"
          + " number of items (or leave --completions out)");
    }
    int n = r.effectiveCompletions();
    String longest = r.name() + "-" + (n - 1);
    if (longest.length() > 63) {
      throw usage("NAME: " + r.name() + ": too long for " + n + " completions: the pod hostname \"" + longest
          + "\" must be at most 63 characters");
    }
    if (r.parallelism() != null) {
      if (r.parallelism() < 0) {
        throw usage("--parallelism: " + r.parallelism() + ": must not be negative");
      }
      if (r.parallelism() > MAX_PARALLELISM) {
        throw usage("--parallelism: " + r.parallelism() + ": must be at most " + MAX_PARALLELISM
            + " for an Indexed Job");
      }
    }
    nonNegative("--backoff-limit", r.backoffLimit());
    nonNegative("--backoff-limit-per-index", r.backoffLimitPerIndex());
    nonNegative("--max-failed-indexes", r.maxFailedIndexes());
    nonNegative("--ttl-seconds-after-finished", r.ttlSecondsAfterFinished());
    if (r.activeDeadlineSeconds() != null && r.activeDeadlineSeconds() <= 0) {
      throw usage("--active-deadline-seconds: " + r.activeDeadlineSeconds() + ": must be positive");
    }
  }

  private static void checkPolicies(IndexedJobRequest r) {
    int n = r.effectiveCompletions();
    boolean never = r.restartPolicy() == RestartPolicy.Never;
    if (r.backoffLimitPerIndex() != null && !never) {
      throw usage("--backoff-limit-per-index: " + r.backoffLimitPerIndex() + ": needs --restart-policy Never (is "
          + r.restartPolicy() + ")");
    }
    if (r.failIndexOnExitCodes() != null) {
      String codes = join(r.failIndexOnExitCodes());
      if (!never) {
        throw usage("--fail-index-on-exit-codes: " + codes + ": needs --restart-policy Never (is "
            + r.restartPolicy() + ")");
      }
      if (r.backoffLimitPerIndex() == null) {
        throw usage("--fail-index-on-exit-codes: " + codes + ": needs --backoff-limit-per-index (the FailIndex"
            + " action exists only with it)");
      }
    }
    if (r.maxFailedIndexes() != null) {
      if (r.backoffLimitPerIndex() == null) {
        throw usage("--max-failed-indexes: " + r.maxFailedIndexes() + ": needs --backoff-limit-per-index");
      }
      if (r.maxFailedIndexes() > n) {
        throw usage("--max-failed-indexes: " + r.maxFailedIndexes() + ": must not exceed completions (" + n + ")");
      }
    }
    if (r.successIndexes() != null && r.successIndexes().max() >= n) {
      throw usage("--success-indexes: " + r.successIndexes() + ": index " + r.successIndexes().max()
          + " is out of range for " + n + (n == 1 ? " completion" : " completions") + " (0-" + (n - 1) + ")");
    }
    if (r.successCount() != null) {
      if (r.successCount() < 1 || r.successCount() > n) {
        throw usage("--success-count: " + r.successCount() + ": must be between 1 and completions (" + n + ")");
      }
      if (r.successIndexes() != null && r.successCount() > r.successIndexes().size()) {
        throw usage("--success-count: " + r.successCount() + ": must not exceed the number of --success-indexes ("
            + r.successIndexes().size() + ")");
      }
    }
  }

  private static void checkPaths(IndexedJobRequest r) {
    String p = r.inputPath();
    if (p.isEmpty() || p.charAt(0) != '/') {
      throw usage("--input-path: " + show(p) + ": must be an absolute path");
    }
    int slash = p.lastIndexOf('/');
    if (slash == 0 || slash == p.length() - 1 || p.contains("//") || p.contains("/../") || p.contains("/./")
        || p.endsWith("/..") || p.endsWith("/.")) {
      throw usage("--input-path: " + p + ": must be a file in a directory, e.g. /input/data.txt");
    }
    if (r.items() != null && r.style() == Style.init) {
      String dir = p.substring(0, slash);
      if (dir.equals(Manifests.ITEMS_DIR) || dir.startsWith(Manifests.ITEMS_DIR + "/")) {
        throw usage("--input-path: " + p + ": must not be under " + Manifests.ITEMS_DIR
            + ", where the items are mounted");
      }
    }
  }

  private static void checkEnv(Map<String, String> env) {
    for (String k : env.keySet()) {
      if (!C_IDENTIFIER.matcher(k).matches()) {
        throw usage("--env: " + show(k + "=" + env.get(k)) + ": \"" + k + "\" is not a valid variable name"
            + " (letters, digits and '_', not starting with a digit)");
      }
      if (k.equals(Manifests.INDEX_ENV) || k.equals(Manifests.COMPLETIONS_ENV)) {
        throw usage("--env: " + show(k + "=" + env.get(k)) + ": " + k + " is set by kubectl indexed");
      }
    }
  }

  private static void nonNegative(String flag, Number v) {
    if (v != null && v.longValue() < 0) {
      throw usage(flag + ": " + v + ": must not be negative");
    }
  }

  private static String join(List<Integer> codes) {
    StringBuilder sb = new StringBuilder();
    for (Integer c : codes) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static PluginException usage(String message) {
    return PluginException.usage(message);
  }

  /** A value for a message: quoted when empty or when it has spaces. */
  public static String show(String v) {
    if (v == null) {
      return "null";
    }
    if (v.isEmpty() || v.isBlank() || v.indexOf('\n') >= 0) {
      return "\"" + v.replace("\n", "\\n") + "\"";
    }
    return v;
  }

  /**
   * Refuses a Job that is not Indexed (exit 2): every command of the plugin reads completion indexes.
   */
  public static void requireIndexed(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
    String mode = job.getSpec() == null ? null : job.getSpec().getCompletionMode();
    if (!"Indexed".equals(mode)) {
      throw PluginException.usage("job/" + job.getMetadata().getName() + " is not an Indexed Job (completionMode: "
          + (mode == null ? "NonIndexed" : mode) + ")");
    }
  }
}
