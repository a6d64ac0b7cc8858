package io.github.kubectlindexed.manifest;

import io.github.kubectlindexed.PluginException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
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
  /** Above this many completions, backoffLimitPerIndex needs maxFailedIndexes (the apiserver's completionsSoftLimit). */
  public static final int COMPLETIONS_SOFT_LIMIT = 100_000;
  /** parallelism and maxFailedIndexes cap when completions are above {@link #COMPLETIONS_SOFT_LIMIT} with
   * backoffLimitPerIndex (parallelismLimitForHighCompletions, maxFailedIndexesLimitForHighCompletions). */
  public static final int HIGH_COMPLETIONS_LIMIT = 10_000;
  /** The length of successPolicy's succeededIndexes (maxJobSuccessPolicySucceededIndexesLimit). */
  public static final int MAX_SUCCEEDED_INDEXES_BYTES = 64 * 1024;
  private static final Pattern QUANTITY_PARTS =
      Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?");

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
    checkLabels(r);
    checkResources(r);
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
      throw usage("NAME: " + r.name() + ": too long for " + n + (n == 1 ? " completion" : " completions")
          + ": the pod hostname \"" + longest
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
    if (n > COMPLETIONS_SOFT_LIMIT && r.backoffLimitPerIndex() != null) {
      if (r.maxFailedIndexes() == null) {
        throw usage("--max-failed-indexes: must be specified when completions is above " + COMPLETIONS_SOFT_LIMIT
            + " and --backoff-limit-per-index is set (completions is " + n + ")");
      }
      if (r.parallelism() != null && r.parallelism() > HIGH_COMPLETIONS_LIMIT) {
        throw usage("--parallelism: " + r.parallelism() + ": must be less than or equal to " + HIGH_COMPLETIONS_LIMIT
            + " when completions are above " + COMPLETIONS_SOFT_LIMIT + " and used with backoff limit per index");
      }
      if (r.maxFailedIndexes() > HIGH_COMPLETIONS_LIMIT) {
        throw usage("--max-failed-indexes: " + r.maxFailedIndexes() + ": must be less than or equal to "
            + HIGH_COMPLETIONS_LIMIT + " when completions are above " + COMPLETIONS_SOFT_LIMIT
            + " and used with backoff limit per index");
      }
    }
    if (r.successIndexes() != null) {
      String text = r.successIndexes().toString();
      if (text.length() > MAX_SUCCEEDED_INDEXES_BYTES) {
        throw usage("--success-indexes: " + abbreviated(text) + ": may not be more than " + MAX_SUCCEEDED_INDEXES_BYTES
            + " bytes as the Job's succeededIndexes (write runs of indexes as a-b)");
      }
    }
    if (r.successIndexes() != null && r.successIndexes().max() >= n) {
      throw usage("--success-indexes: " + abbreviated(r.successIndexes().toString()) + ": index " + r.successIndexes().max()
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

  /**
   * The apiserver sets {@code job-name} and {@code batch.kubernetes.io/job-name} on the pod template to the Job's
   * name when absent, and refuses any other value (ValidateGeneratedSelector).
   */
  private static void checkLabels(IndexedJobRequest r) {
    for (String key : List.of(Keys.LEGACY_JOB_NAME_LABEL, Keys.JOB_NAME_LABEL)) {
      String v = r.labels().get(key);
      if (v != null && !v.equals(r.name())) {
        throw usage("--labels: " + show(key + "=" + v) + ": " + key + " must be the Job's name (" + r.name() + ")");
      }
    }
  }

  /**
   * What the apiserver's ValidateResourceRequirements says of the worker's requests and limits together (each
   * name and quantity is checked as the flag is read): a request is at most its limit, a resource that cannot be
   * overcommitted (extended resources, huge pages) has a limit equal to its request, and huge pages need cpu or
   * memory.
   */
  private static void checkResources(IndexedJobRequest r) {
    Map<String, String> requests = r.requests();
    Map<String, String> limits = r.limits();
    for (Map.Entry<String, String> e : requests.entrySet()) {
      String name = e.getKey();
      String request = e.getValue();
      String limit = limits.get(name);
      String what = "--requests: " + show(name + "=" + request) + ": ";
      if (limit == null) {
        if (!overcommitAllowed(name)) {
          throw usage(what + "needs --limits " + name + "=" + request + ": a limit must be set for non"
              + " overcommitable resources, equal to the request");
        }
        continue;
      }
      int cmp = quantity(request).compareTo(quantity(limit));
      if (cmp != 0 && !overcommitAllowed(name)) {
        throw usage(what + "must be equal to " + name + " limit of " + limit + " (a resource that cannot be"
            + " overcommitted)");
      }
      if (cmp > 0) {
        throw usage(what + "must be less than or equal to " + name + " limit of " + limit);
      }
    }
    boolean cpuOrMemory = false;
    String hugePages = null;
    for (Map<String, String> m : List.of(limits, requests)) {
      for (Map.Entry<String, String> e : m.entrySet()) {
        cpuOrMemory |= e.getKey().equals("cpu") || e.getKey().equals("memory");
        if (hugePages == null && e.getKey().startsWith(HUGE_PAGES_PREFIX)) {
          hugePages = (m == limits ? "--limits: " : "--requests: ") + show(e.getKey() + "=" + e.getValue());
        }
      }
    }
    if (hugePages != null && !cpuOrMemory) {
      throw usage(hugePages + ": HugePages require cpu or memory (add a cpu or memory request or limit)");
    }
  }

  /** The prefix of huge page resources, {@code hugepages-2Mi}. */
  public static final String HUGE_PAGES_PREFIX = "hugepages-";

  /** The apiserver's IsOvercommitAllowed: native resources other than huge pages. */
  private static boolean overcommitAllowed(String resource) {
    boolean nativeResource = resource.indexOf('/') < 0 || resource.contains("kubernetes.io/");
    return nativeResource && !resource.startsWith(HUGE_PAGES_PREFIX);
  }

  /**
   * The value of a Kubernetes quantity ({@code 500m}, {@code 1Gi}, {@code 1e3}), exactly, to compare quantities
   * written in different units.
   *
   * @throws IllegalArgumentException when the text is not a quantity
   */
  public static BigDecimal quantity(String text) {
    Matcher m = QUANTITY_PARTS.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a quantity: " + text);
    }
    String number = m.group(1);
    BigDecimal v = new BigDecimal(number.endsWith(".") ? number + "0" : number);
    String suffix = m.group(2);
    if (suffix == null) {
      return v;
    }
    if (suffix.endsWith("i")) {
      int power = "KMGTPE".indexOf(suffix.charAt(0)) + 1;
      return v.multiply(new BigDecimal(BigInteger.valueOf(1024).pow(power)));
    }
    if (suffix.length() > 1) { // an exponent: e3, E-3
      int exp;
      try {
        exp = Integer.parseInt(suffix.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a quantity: " + text);
      }
      if (Math.abs(exp) > 1000) {
        throw new IllegalArgumentException("not a quantity: " + text);
      }
      return v.scaleByPowerOfTen(exp);
    }
    int exp = switch (suffix) {
      case "n" -> -9;
      case "u" -> -6;
      case "m" -> -3;
      case "k" -> 3;
      case "M" -> 6;
      case "G" -> 9;
      case "T" -> 12;
      case "P" -> 15;
      default -> 18; // E
    };
    return v.scaleByPowerOfTen(exp);
  }

  /** A long value cut for a one-line message. */
  private static String abbreviated(String v) {
    return v.length() <= 80 ? v : v.substring(0, 60) + "... (" + v.length() + " bytes)";
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
