package io.github.kubectlindexed.manifest;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.index.IndexSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The checks made on a request before anything is sent: each refusal is one line, exit code 2. */
class ValidationTest {

  /** A valid request: the env style, three completions, no items. */
  private static IndexedJobRequest.Builder base() {
    return IndexedJobRequest.builder().name("job").image("busybox").completions(3);
  }

  private static IndexedJobRequest.Builder withItems(String... items) {
    return IndexedJobRequest.builder().name("job").image("busybox").items(List.of(items));
  }

  private static String refusal(IndexedJobRequest r) {
    PluginException e = assertThrows(PluginException.class, () -> Validation.validate(r));
    assertEquals(2, e.exitCode(), "a usage error");
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  private static void accepted(IndexedJobRequest r) {
    assertDoesNotThrow(() -> Validation.validate(r));
  }

  private static Map<String, String> env(String name, String value) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(name, value);
    return m;
  }

  private static Arguments ok(String what, UnaryOperator<IndexedJobRequest.Builder> change) {
    return arguments(what, change);
  }

  private static Arguments no(UnaryOperator<IndexedJobRequest.Builder> change, String message) {
    return arguments(message, change);
  }

  // requests that pass, at and around every boundary

  static Stream<Arguments> valid() {
    String n57 = "a".repeat(57);
    String n59 = "a".repeat(59);
    String n61 = "a".repeat(61);
    return Stream.of(
        ok("the base request", b -> b),
        ok("one completion", b -> b.completions(1)),
        ok("a one-letter name", b -> b.name("a")),
        ok("a name of digits", b -> b.name("0")),
        ok("a name with dashes", b -> b.name("my-job-2")),
        ok("61 chars + \"-9\" = 63 (10 completions)", b -> b.name(n61).completions(10)),
        ok("59 chars + \"-999\" = 63 (1000 completions)", b -> b.name(n59).completions(1_000)),
        ok("57 chars + \"-99999\" = 63 (100000 completions)", b -> b.name(n57).completions(100_000)),
        ok("61 chars + \"-9\" = 63 (10 items)", b -> b.name(n61).completions(null)
            .items(Collections.nCopies(10, "x"))),
        ok("parallelism 0", b -> b.parallelism(0)),
        ok("parallelism 1", b -> b.parallelism(1)),
        ok("parallelism above completions", b -> b.parallelism(50)),
        ok("parallelism 100000 (the Indexed maximum)", b -> b.parallelism(100_000)),
        ok("200000 completions, parallelism 100000, no per-index limit", b -> b.completions(200_000)
            .parallelism(100_000)),
        ok("backoff-limit 0", b -> b.backoffLimit(0)),
        ok("ttl 0", b -> b.ttlSecondsAfterFinished(0)),
        ok("active deadline 1", b -> b.activeDeadlineSeconds(1L)),
        ok("backoff-limit-per-index 0", b -> b.backoffLimitPerIndex(0)),
        ok("max-failed-indexes 0", b -> b.backoffLimitPerIndex(1).maxFailedIndexes(0)),
        ok("max-failed-indexes = completions", b -> b.backoffLimitPerIndex(1).maxFailedIndexes(3)),
        ok("100001 completions with per-index limits inside the large-Job caps", b -> b.completions(100_001)
            .backoffLimitPerIndex(0).maxFailedIndexes(10_000).parallelism(10_000)),
        ok("fail-index exit codes", b -> b.backoffLimitPerIndex(0).failIndexOnExitCodes(List.of(3, 42))),
        ok("success indexes up to the last index", b -> b.successIndexes(IndexSet.parse("0-2"))),
        ok("success indexes 3,4 of 5", b -> b.completions(5).successIndexes(IndexSet.parse("3,4"))),
        ok("success count 1", b -> b.successCount(1)),
        ok("success count = completions", b -> b.successCount(3)),
        ok("success count = number of success indexes", b -> b.successIndexes(IndexSet.parse("0,2"))
            .successCount(2)),
        ok("restart policy OnFailure", b -> b.restartPolicy(RestartPolicy.OnFailure)),
        ok("input path deeper", b -> b.inputPath("/a/b/c.txt")),
        ok("input path with a dot file", b -> b.inputPath("/input/.data")),
        ok("input path beside /items", b -> b.inputPath("/itemsx/data.txt")),
        ok("env names", b -> b.env(Map.of("A", "1", "_B", "", "c_9", "x y"))),
        ok("service account", b -> b.serviceAccount("my.sa-1")),
        ok("service account of 253 chars", b -> b.serviceAccount("a".repeat(253))),
        ok("the downward style", b -> b.style(Style.downward)),
        ok("the env style with items (auto)", b -> b.completions(null).items(List.of("a", "b")).style(Style.env)),
        ok("the env style with items in ConfigMaps", b -> b.completions(null).items(List.of("a"))
            .style(Style.env).itemsMode(ItemsMode.configmap)),
        ok("the init style (the default with items)", b -> b.completions(null).items(List.of("a", "b"))),
        ok("the init style inline", b -> b.completions(null).items(List.of("a")).itemsMode(ItemsMode.inline)),
        ok("the init style with its own image", b -> b.completions(null).items(List.of("a")).style(Style.init)
            .initImage("alpine")),
        ok("one empty item", b -> b.completions(null).items(List.of(""))),
        ok("completions equal to the items", b -> b.completions(2).items(List.of("a", "b"))),
        ok("100000 completions with backoff-limit-per-index need no max-failed-indexes", b -> b.completions(100_000)
            .backoffLimitPerIndex(0).parallelism(100_000)),
        ok("100001 completions, backoff-limit-per-index, max-failed-indexes, no parallelism", b -> b
            .completions(100_001).backoffLimitPerIndex(0).maxFailedIndexes(10_000)),
        ok("a request equal to its limit", b -> b.requests(Map.of("cpu", "1")).limits(Map.of("cpu", "1"))),
        ok("a request equal to its limit in other units", b -> b.requests(Map.of("cpu", "1000m", "memory", "1Gi"))
            .limits(Map.of("cpu", "1", "memory", "1024Mi"))),
        ok("500m below a limit of 1", b -> b.requests(Map.of("cpu", "500m")).limits(Map.of("cpu", "1"))),
        ok("1000Mi below a limit of 1Gi", b -> b.requests(Map.of("memory", "1000Mi")).limits(Map.of("memory",
            "1Gi"))),
        ok("1e3 equal to 1k", b -> b.requests(Map.of("memory", "1e3")).limits(Map.of("memory", "1k"))),
        ok("a request without a limit", b -> b.requests(Map.of("cpu", "2"))),
        ok("a limit without a request", b -> b.limits(Map.of("cpu", "1", "nvidia.com/gpu", "1"))),
        ok("an extended resource requested at its limit", b -> b.requests(Map.of("nvidia.com/gpu", "2"))
            .limits(Map.of("nvidia.com/gpu", "2"))),
        ok("huge pages with memory", b -> b.requests(Map.of("memory", "1Gi", "hugepages-2Mi", "4Mi"))
            .limits(Map.of("hugepages-2Mi", "4Mi"))),
        ok("the job-name label set to the Job's name", b -> b.labels(Map.of("job-name", "job",
            "batch.kubernetes.io/job-name", "job"))),
        ok("success indexes of at most 64 KiB", b -> b.completions(40_000).successIndexes(succeededIndexes(false))));
  }

  /** Every other index from 0: the longest such set of at most 64 KiB, or the shortest above it. */
  private static IndexSet succeededIndexes(boolean over) {
    StringBuilder sb = new StringBuilder("0");
    int i = 2;
    while (sb.length() + 1 + String.valueOf(i).length() <= 65_536) {
      sb.append(',').append(i);
      i += 2;
    }
    if (over) {
      sb.append(',').append(i);
    }
    IndexSet s = IndexSet.parse(sb.toString());
    assertEquals(sb.toString(), s.toString());
    assertTrue(over ? s.toString().length() > 65_536 : s.toString().length() > 65_530 && s.toString().length()
        <= 65_536, "length " + s.toString().length());
    return s;
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("valid")
  void accepts(String what, UnaryOperator<IndexedJobRequest.Builder> change) {
    accepted(change.apply(base()).build());
  }

  // requests that are refused, with the exact line

  static Stream<Arguments> invalid() {
    String n61 = "a".repeat(61);
    String n62 = "a".repeat(62);
    String n59 = "a".repeat(59);
    String n57 = "a".repeat(57);
    String n64 = "a".repeat(64);
    String dns = ": must be a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending"
        + " with a letter or digit";
    return Stream.of(
        // NAME
        no(b -> b.name(null), "NAME: required when --image is given (create NAME --image IMAGE [-- COMMAND...])"),
        no(b -> b.name(""), "NAME: \"\"" + dns),
        no(b -> b.name("Job"), "NAME: Job" + dns),
        no(b -> b.name("-job"), "NAME: -job" + dns),
        no(b -> b.name("job-"), "NAME: job-" + dns),
        no(b -> b.name("my_job"), "NAME: my_job" + dns),
        no(b -> b.name("my.job"), "NAME: my.job" + dns),
        no(b -> b.name("my job"), "NAME: my job" + dns),
        no(b -> b.name(n64), "NAME: " + n64 + dns),
        // NAME with completions: <name>-<completions-1> is the pod hostname
        no(b -> b.name(n61).completions(11), "NAME: " + n61 + ": too long for 11 completions: the pod hostname \""
            + n61 + "-10\" must be at most 63 characters"),
        no(b -> b.name(n62).completions(2), "NAME: " + n62 + ": too long for 2 completions: the pod hostname \""
            + n62 + "-1\" must be at most 63 characters"),
        no(b -> b.name(n59).completions(1_001), "NAME: " + n59 + ": too long for 1001 completions: the pod hostname"
            + " \"" + n59 + "-1000\" must be at most 63 characters"),
        no(b -> b.name(n57).completions(100_001), "NAME: " + n57 + ": too long for 100001 completions: the pod"
            + " hostname \"" + n57 + "-100000\" must be at most 63 characters"),
        no(b -> b.name(n61).completions(null).items(Collections.nCopies(11, "x")), "NAME: " + n61
            + ": too long for 11 completions: the pod hostname \"" + n61 + "-10\" must be at most 63 characters"),
        // --image, --init-image
        no(b -> b.image(""), "--image: \"\": must not be empty"),
        no(b -> b.image("  "), "--image: \"  \": must not be empty"),
        no(b -> b.completions(null).items(List.of("a")).initImage(""), "--init-image: \"\": must not be empty"),
        no(b -> b.completions(null).items(List.of("a")).initImage(" "), "--init-image: \" \": must not be empty"),
        no(b -> b.initImage("alpine"),
            "--init-image: alpine: only the init style has an init container (--style is env)"),
        no(b -> b.style(Style.downward).initImage("alpine"),
            "--init-image: alpine: only the init style has an init container (--style is downward)"),
        // items and styles
        no(b -> b.style(Style.init), "--style: init: needs items (--items, --item or --items-file)"),
        no(b -> b.completions(null).items(List.of()), "--items: has no items"),
        no(b -> b.items(List.of("a")).style(Style.downward),
            "--style: downward: takes no items (the pod reads its index from /input/data.txt); drop --items"),
        no(b -> b.completions(null).items(List.of("a")).style(Style.downward).inputPath("/in/x"),
            "--style: downward: takes no items (the pod reads its index from /in/x); drop --items"),
        no(b -> b.completions(null).items(List.of("a")).style(Style.env).itemsMode(ItemsMode.inline),
            "--items-mode: inline: the env style reads items only from ConfigMap files under /items"
                + " (use auto or configmap)"),
        // --completions
        no(b -> b.completions(null), "--completions: required when there are no items (--items, --item or"
            + " --items-file)"),
        no(b -> b.completions(0), "--completions: 0: must be at least 1"),
        no(b -> b.completions(-1), "--completions: -1: must be at least 1"),
        no(b -> b.completions(3).items(List.of("a", "b")), "--completions: 3: there are 2 items; completions must"
            + " equal the number of items (or leave --completions out)"),
        no(b -> b.completions(1).items(List.of("a", "b")), "--completions: 1: there are 2 items; completions must"
            + " equal the number of items (or leave --completions out)"),
        // --parallelism
        no(b -> b.parallelism(-1), "--parallelism: -1: must not be negative"),
        no(b -> b.parallelism(100_001), "--parallelism: 100001: must be at most 100000 for an Indexed Job"),
        no(b -> b.parallelism(Integer.MAX_VALUE), "--parallelism: 2147483647: must be at most 100000 for an"
            + " Indexed Job"),
        // counts that must not be negative
        no(b -> b.backoffLimit(-1), "--backoff-limit: -1: must not be negative"),
        no(b -> b.backoffLimitPerIndex(-1), "--backoff-limit-per-index: -1: must not be negative"),
        no(b -> b.backoffLimitPerIndex(1).maxFailedIndexes(-1), "--max-failed-indexes: -1: must not be negative"),
        no(b -> b.ttlSecondsAfterFinished(-1), "--ttl-seconds-after-finished: -1: must not be negative"),
        no(b -> b.activeDeadlineSeconds(0L), "--active-deadline-seconds: 0: must be positive"),
        no(b -> b.activeDeadlineSeconds(-5L), "--active-deadline-seconds: -5: must be positive"),
        // per-index policies
        no(b -> b.backoffLimitPerIndex(1).restartPolicy(RestartPolicy.OnFailure),
            "--backoff-limit-per-index: 1: needs --restart-policy Never (is OnFailure)"),
        no(b -> b.failIndexOnExitCodes(List.of(3, 42)).restartPolicy(RestartPolicy.OnFailure),
            "--fail-index-on-exit-codes: 3,42: needs --restart-policy Never (is OnFailure)"),
        no(b -> b.failIndexOnExitCodes(List.of(42)),
            "--fail-index-on-exit-codes: 42: needs --backoff-limit-per-index (the FailIndex action exists only"
                + " with it)"),
        no(b -> b.maxFailedIndexes(1), "--max-failed-indexes: 1: needs --backoff-limit-per-index"),
        no(b -> b.backoffLimitPerIndex(0).maxFailedIndexes(4), "--max-failed-indexes: 4: must not exceed"
            + " completions (3)"),
        // success policy
        no(b -> b.successIndexes(IndexSet.parse("0-3")), "--success-indexes: 0-3: index 3 is out of range for 3"
            + " completions (0-2)"),
        no(b -> b.successIndexes(IndexSet.parse("3,4")), "--success-indexes: 3,4: index 4 is out of range for 3"
            + " completions (0-2)"),
        no(b -> b.completions(1).successIndexes(IndexSet.parse("1")), "--success-indexes: 1: index 1 is out of"
            + " range for 1 completion (0-0)"),
        no(b -> b.successCount(0), "--success-count: 0: must be between 1 and completions (3)"),
        no(b -> b.successCount(-1), "--success-count: -1: must be between 1 and completions (3)"),
        no(b -> b.successCount(4), "--success-count: 4: must be between 1 and completions (3)"),
        no(b -> b.successIndexes(IndexSet.parse("0,2")).successCount(3), "--success-count: 3: must not exceed the"
            + " number of --success-indexes (2)"),
        no(b -> b.successIndexes(IndexSet.parse("0-999999999")), "--success-indexes: 0-999999999: index 999999999"
            + " is out of range for 3 completions (0-2)"),
        // the apiserver's caps for large Jobs with backoff-limit-per-index
        no(b -> b.completions(200_000).backoffLimitPerIndex(1), "--max-failed-indexes: must be specified when"
            + " completions is above 100000 and --backoff-limit-per-index is set (completions is 200000)"),
        no(b -> b.completions(100_001).backoffLimitPerIndex(0).maxFailedIndexes(10).parallelism(10_001),
            "--parallelism: 10001: must be less than or equal to 10000 when completions are above 100000 and used"
                + " with backoff limit per index"),
        no(b -> b.completions(100_001).backoffLimitPerIndex(0).maxFailedIndexes(10_001),
            "--max-failed-indexes: 10001: must be less than or equal to 10000 when completions are above 100000"
                + " and used with backoff limit per index"),
        // --labels the apiserver sets itself
        no(b -> b.labels(Map.of("job-name", "other")), "--labels: job-name=other: job-name must be the Job's name"
            + " (job)"),
        no(b -> b.labels(Map.of("batch.kubernetes.io/job-name", "other")), "--labels:"
            + " batch.kubernetes.io/job-name=other: batch.kubernetes.io/job-name must be the Job's name (job)"),
        // --requests against --limits
        no(b -> b.requests(Map.of("cpu", "2")).limits(Map.of("cpu", "1")),
            "--requests: cpu=2: must be less than or equal to cpu limit of 1"),
        no(b -> b.requests(Map.of("cpu", "1001m")).limits(Map.of("cpu", "1")),
            "--requests: cpu=1001m: must be less than or equal to cpu limit of 1"),
        no(b -> b.requests(Map.of("memory", "1Gi")).limits(Map.of("memory", "1000Mi")),
            "--requests: memory=1Gi: must be less than or equal to memory limit of 1000Mi"),
        no(b -> b.requests(Map.of("ephemeral-storage", "1.5G")).limits(Map.of("ephemeral-storage", "1e9")),
            "--requests: ephemeral-storage=1.5G: must be less than or equal to ephemeral-storage limit of 1e9"),
        no(b -> b.requests(Map.of("nvidia.com/gpu", "1")).limits(Map.of("nvidia.com/gpu", "2")),
            "--requests: nvidia.com/gpu=1: must be equal to nvidia.com/gpu limit of 2 (a resource that cannot be"
                + " overcommitted)"),
        no(b -> b.requests(Map.of("nvidia.com/gpu", "1")), "--requests: nvidia.com/gpu=1: needs --limits"
            + " nvidia.com/gpu=1: a limit must be set for non overcommitable resources, equal to the request"),
        no(b -> b.requests(Map.of("memory", "1Gi", "hugepages-2Mi", "2Mi")), "--requests: hugepages-2Mi=2Mi: needs"
            + " --limits hugepages-2Mi=2Mi: a limit must be set for non overcommitable resources, equal to the"
            + " request"),
        no(b -> b.limits(Map.of("hugepages-2Mi", "2Mi")), "--limits: hugepages-2Mi=2Mi: HugePages require cpu or"
            + " memory (add a cpu or memory request or limit)"),
        // --input-path
        no(b -> b.inputPath(""), "--input-path: \"\": must be an absolute path"),
        no(b -> b.inputPath("data.txt"), "--input-path: data.txt: must be an absolute path"),
        no(b -> b.inputPath("input/data.txt"), "--input-path: input/data.txt: must be an absolute path"),
        no(b -> b.inputPath("/"), "--input-path: /: must be a file in a directory, e.g. /input/data.txt"),
        no(b -> b.inputPath("/data.txt"), "--input-path: /data.txt: must be a file in a directory, e.g."
            + " /input/data.txt"),
        no(b -> b.inputPath("/input/"), "--input-path: /input/: must be a file in a directory, e.g."
            + " /input/data.txt"),
        no(b -> b.inputPath("/a//b"), "--input-path: /a//b: must be a file in a directory, e.g. /input/data.txt"),
        no(b -> b.inputPath("/a/../b"), "--input-path: /a/../b: must be a file in a directory, e.g."
            + " /input/data.txt"),
        no(b -> b.inputPath("/a/./b"), "--input-path: /a/./b: must be a file in a directory, e.g."
            + " /input/data.txt"),
        no(b -> b.inputPath("/a/.."), "--input-path: /a/..: must be a file in a directory, e.g. /input/data.txt"),
        no(b -> b.inputPath("/a/."), "--input-path: /a/.: must be a file in a directory, e.g. /input/data.txt"),
        no(b -> b.completions(null).items(List.of("a")).inputPath("/items/data.txt"),
            "--input-path: /items/data.txt: must not be under /items, where the items are mounted"),
        no(b -> b.completions(null).items(List.of("a")).inputPath("/items/sub/data.txt"),
            "--input-path: /items/sub/data.txt: must not be under /items, where the items are mounted"),
        // --env
        no(b -> b.env(env("1A", "x")), "--env: 1A=x: \"1A\" is not a valid variable name (letters, digits and"
            + " '_', not starting with a digit)"),
        no(b -> b.env(env("A-B", "x")), "--env: A-B=x: \"A-B\" is not a valid variable name (letters, digits and"
            + " '_', not starting with a digit)"),
        no(b -> b.env(env("A.B", "")), "--env: A.B=: \"A.B\" is not a valid variable name (letters, digits and"
            + " '_', not starting with a digit)"),
        no(b -> b.env(env("A-B", "1\n2")), "--env: \"A-B=1\\n2\": \"A-B\" is not a valid variable name (letters,"
            + " digits and '_', not starting with a digit)"),
        no(b -> b.env(env("JOB_COMPLETION_INDEX", "1")),
            "--env: JOB_COMPLETION_INDEX=1: JOB_COMPLETION_INDEX is set by kubectl indexed"),
        no(b -> b.env(env("JOB_COMPLETIONS", "3")), "--env: JOB_COMPLETIONS=3: JOB_COMPLETIONS is set by kubectl"
            + " indexed"),
        // --service-account
        no(b -> b.serviceAccount("My_SA"), "--service-account: My_SA: must be a DNS-1123 subdomain"),
        no(b -> b.serviceAccount("sa."), "--service-account: sa.: must be a DNS-1123 subdomain"),
        no(b -> b.serviceAccount(""), "--service-account: \"\": must be a DNS-1123 subdomain"),
        no(b -> b.serviceAccount("a".repeat(254)), "--service-account: " + "a".repeat(254) + ": must be a DNS-1123"
            + " subdomain"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalid")
  void refuses(String message, UnaryOperator<IndexedJobRequest.Builder> change) {
    assertEquals(message, refusal(change.apply(base()).build()));
  }

  /** The flag named in an items message is the one the items came from. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      --items       | --items: has no items
      --item        | --item: has no items
      --items-file  | --items-file: has no items
      """)
  void emptyItemsNameTheirFlag(String flag, String message) {
    assertEquals(message, refusal(withItems().itemsFlag(flag).build()));
  }

  @Test
  void downwardNamesTheItemsFlagToDrop() {
    assertEquals("--style: downward: takes no items (the pod reads its index from /input/data.txt); drop"
        + " --items-file", refusal(withItems("a").itemsFlag("--items-file").style(Style.downward).build()));
  }

  @Test
  void anItemsModeWithoutItemsIsRefusedOnlyWhenGiven() {
    accepted(base().itemsMode(ItemsMode.configmap).build());
    assertEquals("--items-mode: configmap: there are no items (--items, --item or --items-file)",
        refusal(base().itemsMode(ItemsMode.configmap).itemsModeGiven(true).build()));
    assertEquals("--items-mode: auto: there are no items (--items, --item or --items-file)",
        refusal(base().itemsModeGiven(true).build()));
  }

  /** When several things are wrong, the first in flag order is named. */
  @Test
  void theFirstProblemIsReported() {
    assertEquals("NAME: Bad: must be a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting"
        + " and ending with a letter or digit",
        refusal(base().name("Bad").image("").completions(0).parallelism(-1).build()));
    assertEquals("--image: \"\": must not be empty", refusal(base().image("").completions(0).build()));
    assertEquals("--completions: 0: must be at least 1", refusal(base().completions(0).parallelism(-1).build()));
    assertEquals("--parallelism: -1: must not be negative",
        refusal(base().parallelism(-1).backoffLimit(-1).inputPath("x").build()));
  }

  /** Validation is pure: the same request is judged the same way every time. */
  @Test
  void validationDoesNotChangeTheRequest() {
    IndexedJobRequest r = base().env(Map.of("A", "1")).labels(Map.of("team", "ml")).build();
    IndexedJobRequest copy = r.toBuilder().build();
    accepted(r);
    accepted(r);
    assertEquals(copy, r);
  }

  // Bugs found while writing these tests: each case below fails on the code of 2e55acd.

  /** One completion is "1 completion", as the --success-indexes message already says. */
  @Test
  void aNameTooLongForOneCompletionSaysCompletion() {
    String n62 = "a".repeat(62);
    assertEquals("NAME: " + n62 + ": too long for 1 completion: the pod hostname \"" + n62 + "-0\" must be at most"
        + " 63 characters", refusal(base().name(n62).completions(1).build()));
  }

  /**
   * The apiserver's caps that Validation does not mirror (JOB-API-FACTS "limits", and
   * pkg/apis/batch/validation: completionsSoftLimit, parallelismLimitForHighCompletions,
   * maxFailedIndexesLimitForHighCompletions, maxJobSuccessPolicySucceededIndexesLimit): today these requests pass and
   * the apiserver answers 422, after any items ConfigMaps were created. The wording is free; the flag and value it
   * starts with are not.
   */
  static Stream<Arguments> refusedByTheApiserver() {
    StringBuilder every2nd = new StringBuilder();
    for (int i = 0; i < 40_000; i += 2) {
      every2nd.append(every2nd.length() > 0 ? "," : "").append(i);
    }
    IndexSet over64KiB = IndexSet.parse(every2nd.toString());
    return Stream.of(
        arguments("--max-failed-indexes: ", (UnaryOperator<IndexedJobRequest.Builder>) b -> b.completions(100_001)
            .backoffLimitPerIndex(0)),
        arguments("--parallelism: 10001: ", (UnaryOperator<IndexedJobRequest.Builder>) b -> b.completions(100_001)
            .backoffLimitPerIndex(0).maxFailedIndexes(10).parallelism(10_001)),
        arguments("--max-failed-indexes: 10001: ", (UnaryOperator<IndexedJobRequest.Builder>) b -> b
            .completions(100_001).backoffLimitPerIndex(0).maxFailedIndexes(10_001)),
        arguments("--success-indexes: ", (UnaryOperator<IndexedJobRequest.Builder>) b -> b.completions(40_000)
            .successIndexes(over64KiB)));
  }

  @ParameterizedTest(name = "[{index}] {0}...")
  @MethodSource("refusedByTheApiserver")
  void refusesWhatTheApiserverWouldRefuse(String start, UnaryOperator<IndexedJobRequest.Builder> change) {
    String message = refusal(change.apply(base()).build());
    assertTrue(message.startsWith(start), message);
  }

  @Test
  void succeededIndexesOver64KiBAreRefusedInOneShortLine() {
    String message = refusal(base().completions(40_000).successIndexes(succeededIndexes(true)).build());
    assertTrue(message.startsWith("--success-indexes: 0,2,4,6,8,"), message);
    assertTrue(message.endsWith(" bytes): may not be more than 65536 bytes as the Job's succeededIndexes (write"
        + " runs of indexes as a-b)"), message);
    assertTrue(message.length() < 200, message);
  }

  /** quantity | its value: the units the apiserver's resource.Quantity takes, compared exactly. */
  @ParameterizedTest(name = "[{index}] {0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      2       | 2
      500m    | 0.5
      1.      | 1
      .5      | 0.5
      +1      | 1
      1n      | 0.000000001
      1u      | 0.000001
      1k      | 1000
      1M      | 1000000
      1G      | 1000000000
      1T      | 1000000000000
      1P      | 1000000000000000
      1E      | 1000000000000000000
      1Ki     | 1024
      1Mi     | 1048576
      1Gi     | 1073741824
      1.5Gi   | 1610612736
      1Ti     | 1099511627776
      1Pi     | 1125899906842624
      1Ei     | 1152921504606846976
      1e3     | 1000
      1E-3    | 0.001
      """)
  void quantitiesHaveTheirExactValue(String text, String value) {
    assertEquals(0, new java.math.BigDecimal(value).compareTo(Validation.quantity(text)), text);
  }
}
