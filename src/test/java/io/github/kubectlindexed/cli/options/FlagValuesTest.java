package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.index.IndexSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The structured values of create's flags: every refusal is one line naming the flag, exit code 2. */
class FlagValuesTest {

  /** Asserts a usage error (exit 2) with exactly this one-line message. */
  private static void refused(String message, Executable call) {
    PluginException e = assertThrows(PluginException.class, call);
    assertEquals(message, e.getMessage());
    assertEquals(2, e.exitCode());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  /** "k=v;k2=v2" as an ordered map ("" is the empty map). */
  private static Map<String, String> map(String pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    if (pairs == null || pairs.isEmpty()) {
      return m;
    }
    for (String p : pairs.split(";", -1)) {
      int eq = p.indexOf('=');
      m.put(p.substring(0, eq), p.substring(eq + 1));
    }
    return m;
  }

  // --items

  /** value | the items, joined with '|' and each in brackets. */
  @ParameterizedTest(name = "[{index}] --items \"{0}\" = {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      a              | [a]
      a,b,c          | [a][b][c]
      a,,b           | [a][][b]
      ','            | [][]
      'a,'           | [a][]
      ',a'           | [][a]
      ' a , b '      | [ a ][ b ]
      'x=1,y z'      | [x=1][y z]
      '日本,ü'        | [日本][ü]
      """)
  void itemsSplitOnEveryCommaAndKeepEverythingElse(String value, String expected) {
    String got = FlagValues.splitItems(value).stream().map(s -> "[" + s + "]").collect(Collectors.joining());
    assertEquals(expected, got);
  }

  @Test
  void itemsSplitCountsEveryComma() {
    assertEquals(1_000, FlagValues.splitItems(",".repeat(999)).size());
    assertEquals(List.of("", "", ""), FlagValues.splitItems(",,"));
  }

  @Test
  void itemsEmptyIsRefused() {
    refused("--items: \"\": has no items (give one empty item with --item=)", () -> FlagValues.splitItems(""));
  }

  // --env

  @Test
  void envKeepsOrderAndALaterNameReplacesAnEarlierOne() {
    Map<String, String> env = FlagValues.env(List.of("B=2", "A=1", "B=3", "EMPTY=", "EQ=a=b", "SP= x "));
    assertEquals(List.of("B", "A", "EMPTY", "EQ", "SP"), List.copyOf(env.keySet()));
    assertEquals(Map.of("B", "3", "A", "1", "EMPTY", "", "EQ", "a=b", "SP", " x "), env);
    assertEquals(Map.of(), FlagValues.env(List.of()));
  }

  @ParameterizedTest(name = "[{index}] --env \"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      X       | '--env: X: must be NAME=VALUE'
      =x      | '--env: =x: must be NAME=VALUE'
      ''      | '--env: "": must be NAME=VALUE'
      ' '     | '--env: " ": must be NAME=VALUE'
      """)
  void envWithoutANameIsRefused(String value, String message) {
    refused(message, () -> FlagValues.env(List.of("OK=1", value)));
  }

  @Test
  void envNamesAreCheckedLaterByValidation() {
    // FlagValues only splits; Validation refuses the name (see ValidationTest)
    assertEquals(Map.of("1A", "x"), FlagValues.env(List.of("1A=x")));
  }

  // --labels

  @ParameterizedTest(name = "[{index}] --labels \"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      team=ml                                | team=ml
      team=ml,tier=batch                     | team=ml;tier=batch
      tier=batch,team=ml                     | tier=batch;team=ml
      empty=                                 | empty=
      example.com/team=ml                    | example.com/team=ml
      a.b-c.d/x_y.z-1=V_1.2-3                | a.b-c.d/x_y.z-1=V_1.2-3
      app.kubernetes.io/name=x               | app.kubernetes.io/name=x
      A=B                                    | A=B
      """)
  void labels(String value, String expected) {
    assertEquals(map(expected), FlagValues.labels(value));
    assertEquals(List.copyOf(map(expected).keySet()), List.copyOf(FlagValues.labels(value).keySet()));
  }

  @Test
  void labelsAbsentIsEmpty() {
    assertEquals(Map.of(), FlagValues.labels(null));
  }

  @Test
  void labelNameAndValueLengthBoundaries() {
    String n63 = "a".repeat(63);
    String n64 = "a".repeat(64);
    String prefix253 = ("a".repeat(62) + ".").repeat(4) + "a"; // 63*4 + 1 = 253
    assertEquals(253, prefix253.length());
    assertEquals(Map.of(n63, n63), FlagValues.labels(n63 + "=" + n63));
    assertEquals(Map.of(prefix253 + "/k", "v"), FlagValues.labels(prefix253 + "/k=v"));
    refused("--labels: " + n64 + "=v: \"" + n64 + "\" is not a valid label key",
        () -> FlagValues.labels(n64 + "=v"));
    refused("--labels: k=" + n64 + ": \"" + n64
            + "\" is not a valid label value (at most 63 letters, digits, '-', '_' or '.')",
        () -> FlagValues.labels("k=" + n64));
    refused("--labels: a" + prefix253 + "/k=v: \"a" + prefix253 + "/k\" is not a valid label key",
        () -> FlagValues.labels("a" + prefix253 + "/k=v"));
  }

  @ParameterizedTest(name = "[{index}] --labels \"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      ''                     | '--labels: "": must be KEY=VALUE[,KEY=VALUE...]'
      team                   | '--labels: team: must be KEY=VALUE[,KEY=VALUE...]'
      =ml                    | '--labels: =ml: must be KEY=VALUE[,KEY=VALUE...]'
      'team=ml,'             | '--labels: team=ml,: must be KEY=VALUE[,KEY=VALUE...]'
      'team=ml,,a=b'         | '--labels: team=ml,,a=b: must be KEY=VALUE[,KEY=VALUE...]'
      -team=ml               | '--labels: -team=ml: "-team" is not a valid label key'
      team-=ml               | '--labels: team-=ml: "team-" is not a valid label key'
      'my team=ml'           | '--labels: my team=ml: "my team" is not a valid label key'
      Example.com/team=ml    | '--labels: Example.com/team=ml: "Example.com/team" is not a valid label key'
      /team=ml               | '--labels: /team=ml: "/team" is not a valid label key'
      example.com/=ml        | '--labels: example.com/=ml: "example.com/" is not a valid label key'
      a/b/c=ml               | '--labels: a/b/c=ml: "a/b/c" is not a valid label key'
      team=-ml               | '--labels: team=-ml: "-ml" is not a valid label value (at most 63 letters, digits, ''-'', ''_'' or ''.'')'
      team=ml_               | '--labels: team=ml_: "ml_" is not a valid label value (at most 63 letters, digits, ''-'', ''_'' or ''.'')'
      'team=m l'             | '--labels: team=m l: "m l" is not a valid label value (at most 63 letters, digits, ''-'', ''_'' or ''.'')'
      team=a/b               | '--labels: team=a/b: "a/b" is not a valid label value (at most 63 letters, digits, ''-'', ''_'' or ''.'')'
      'ok=1,team=x=y'        | '--labels: ok=1,team=x=y: "x=y" is not a valid label value (at most 63 letters, digits, ''-'', ''_'' or ''.'')'
      app.kubernetes.io/managed-by=me | '--labels: app.kubernetes.io/managed-by=me: app.kubernetes.io/managed-by is set by kubectl indexed'
      'a=b,app.kubernetes.io/managed-by=kubectl-indexed' | '--labels: a=b,app.kubernetes.io/managed-by=kubectl-indexed: app.kubernetes.io/managed-by is set by kubectl indexed'
      """)
  void badLabelsAreRefused(String value, String message) {
    refused(message, () -> FlagValues.labels(value));
  }

  // --requests / --limits

  @ParameterizedTest(name = "[{index}] {0} \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      --requests | cpu=100m,memory=64Mi          | cpu=100m;memory=64Mi
      --limits   | memory=64Mi,cpu=1             | memory=64Mi;cpu=1
      --requests | cpu=0                         | cpu=0
      --requests | cpu=0.5                       | cpu=0.5
      --requests | cpu=.5                        | cpu=.5
      --requests | cpu=1.                        | cpu=1.
      --requests | cpu=+1                        | cpu=+1
      --requests | memory=1e3                    | memory=1e3
      --requests | memory=1E-3                   | memory=1E-3
      --requests | memory=1Ki                    | memory=1Ki
      --requests | memory=2Gi                    | memory=2Gi
      --requests | memory=1Ei                    | memory=1Ei
      --requests | memory=1k                     | memory=1k
      --requests | memory=1M                     | memory=1M
      --requests | memory=1E                     | memory=1E
      --requests | cpu=1n                        | cpu=1n
      --requests | cpu=1u                        | cpu=1u
      --limits   | nvidia.com/gpu=1              | nvidia.com/gpu=1
      --limits   | ephemeral-storage=1Gi         | ephemeral-storage=1Gi
      --limits   | hugepages-2Mi=4Mi             | hugepages-2Mi=4Mi
      --limits   | hugepages-1Gi=2Gi             | hugepages-1Gi=2Gi
      --limits   | example.com/foo=2000m         | example.com/foo=2000m
      --requests | nvidia.com/gpu=1e3            | nvidia.com/gpu=1e3
      --requests | amd.com/gpu=0                 | amd.com/gpu=0
      """)
  void resources(String flag, String value, String expected) {
    assertEquals(map(expected), FlagValues.resources(flag, value));
    assertEquals(List.copyOf(map(expected).keySet()), List.copyOf(FlagValues.resources(flag, value).keySet()));
  }

  @Test
  void resourcesAbsentIsEmpty() {
    assertEquals(Map.of(), FlagValues.resources("--requests", null));
    assertEquals(Map.of(), FlagValues.resources("--limits", null));
  }

  @ParameterizedTest(name = "[{index}] {0} \"{1}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      --requests | ''                 | '--requests: "": must be NAME=QUANTITY[,NAME=QUANTITY...] (e.g. cpu=100m,memory=64Mi)'
      --requests | cpu                | '--requests: cpu: must be NAME=QUANTITY[,NAME=QUANTITY...] (e.g. cpu=100m,memory=64Mi)'
      --limits   | =1                 | '--limits: =1: must be NAME=QUANTITY[,NAME=QUANTITY...] (e.g. cpu=100m,memory=64Mi)'
      --limits   | 'cpu=1,'           | '--limits: cpu=1,: must be NAME=QUANTITY[,NAME=QUANTITY...] (e.g. cpu=100m,memory=64Mi)'
      --requests | cpu=               | '--requests: cpu=: "" is not a quantity (e.g. 100m, 64Mi)'
      --requests | cpu=abc            | '--requests: cpu=abc: "abc" is not a quantity (e.g. 100m, 64Mi)'
      --requests | memory=64MB        | '--requests: memory=64MB: "64MB" is not a quantity (e.g. 100m, 64Mi)'
      --requests | memory=1K          | '--requests: memory=1K: "1K" is not a quantity (e.g. 100m, 64Mi)'
      --requests | memory=1mi         | '--requests: memory=1mi: "1mi" is not a quantity (e.g. 100m, 64Mi)'
      --requests | memory=1e          | '--requests: memory=1e: "1e" is not a quantity (e.g. 100m, 64Mi)'
      --requests | 'cpu=1 '           | '--requests: cpu=1 : "1 " is not a quantity (e.g. 100m, 64Mi)'
      --requests | cpu=.              | '--requests: cpu=.: "." is not a quantity (e.g. 100m, 64Mi)'
      --limits   | 'cpu=1,memory=x'   | '--limits: cpu=1,memory=x: "x" is not a quantity (e.g. 100m, 64Mi)'
      --requests | cpu=-1             | '--requests: cpu=-1: "-1" is negative'
      --limits   | memory=-64Mi       | '--limits: memory=-64Mi: "-64Mi" is negative'
      --limits   | memory=1e99999     | '--limits: memory=1e99999: "1e99999" is not a quantity (e.g. 100m, 64Mi)'
      """)
  void badResourcesAreRefused(String flag, String value, String message) {
    refused(message, () -> FlagValues.resources(flag, value));
  }

  /**
   * Resource names as the apiserver's validateContainerResourceName takes them: {@code gpu=1} is refused there
   * ("must be a standard resource for containers"), after any items ConfigMaps were made.
   */
  @ParameterizedTest(name = "[{index}] {0} \"{1}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      --requests | gpu=1                  | '--requests: gpu=1: "gpu" must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu)'
      --limits   | cpu=1,pods=1           | '--limits: cpu=1,pods=1: "pods" must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu)'
      --requests | CPU=1                  | '--requests: CPU=1: "CPU" must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu)'
      --requests | 'my gpu=1'             | '--requests: my gpu=1: "my gpu" is not a valid resource name (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu)'
      --requests | nvidia.com/=1          | '--requests: nvidia.com/=1: "nvidia.com/" is not a valid resource name (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu)'
      --requests | Nvidia.com/gpu=1       | '--requests: Nvidia.com/gpu=1: "Nvidia.com/gpu" is not a valid resource name (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu)'
      --limits   | requests.a.io/x=1      | '--limits: requests.a.io/x=1: "requests.a.io/x" doesn''t follow extended resource name standard (cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu)'
      --limits   | hugepages-x=1Gi        | '--limits: hugepages-x=1Gi: "hugepages-x" is not a valid huge page size (e.g. hugepages-2Mi, hugepages-1Gi)'
      --limits   | hugepages-0=1Gi        | '--limits: hugepages-0=1Gi: "hugepages-0" is not a valid huge page size (e.g. hugepages-2Mi, hugepages-1Gi)'
      --limits   | nvidia.com/gpu=0.5     | '--limits: nvidia.com/gpu=0.5: "0.5" must be an integer for nvidia.com/gpu'
      --requests | nvidia.com/gpu=1500m   | '--requests: nvidia.com/gpu=1500m: "1500m" must be an integer for nvidia.com/gpu'
      """)
  void resourceNamesAndIntegerResourcesAreCheckedAsTheApiserverDoes(String flag, String value, String message) {
    refused(message, () -> FlagValues.resources(flag, value));
  }

  // --fail-index-on-exit-codes

  /** value | the exit codes, sorted and without duplicates (the API refuses either). */
  @ParameterizedTest(name = "[{index}] \"{0}\" = [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      42                 | 42
      3,42               | 3,42
      42,3               | 3,42
      42,3,42,3          | 3,42
      ' 3 , 42 '         | 3,42
      255,1,128          | 1,128,255
      -1,1               | -1,1
      +7                 | 7
      """)
  void exitCodes(String value, String expected) {
    List<Integer> want = Arrays.stream(expected.split(",")).map(Integer::valueOf).collect(Collectors.toList());
    assertEquals(want, FlagValues.exitCodes(value));
  }

  @Test
  void exitCodesAbsentIsNull() {
    assertNull(FlagValues.exitCodes(null));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      ''             | '--fail-index-on-exit-codes: "": not a list of exit codes (e.g. 3,42)'
      a              | '--fail-index-on-exit-codes: a: not a list of exit codes (e.g. 3,42)'
      '3,'           | '--fail-index-on-exit-codes: 3,: not a list of exit codes (e.g. 3,42)'
      '3,,4'         | '--fail-index-on-exit-codes: 3,,4: not a list of exit codes (e.g. 3,42)'
      3-5            | '--fail-index-on-exit-codes: 3-5: not a list of exit codes (e.g. 3,42)'
      '3 4'          | '--fail-index-on-exit-codes: 3 4: not a list of exit codes (e.g. 3,42)'
      1.5            | '--fail-index-on-exit-codes: 1.5: not a list of exit codes (e.g. 3,42)'
      2147483648     | '--fail-index-on-exit-codes: 2147483648: not a list of exit codes (e.g. 3,42)'
      0              | '--fail-index-on-exit-codes: 0: exit code 0 means success and cannot fail an index'
      '3,0,4'        | '--fail-index-on-exit-codes: 3,0,4: exit code 0 means success and cannot fail an index'
      -0             | '--fail-index-on-exit-codes: -0: exit code 0 means success and cannot fail an index'
      """)
  void badExitCodesAreRefused(String value, String message) {
    refused(message, () -> FlagValues.exitCodes(value));
  }

  @Test
  void atMost255DistinctExitCodes() {
    String codes255 = IntStream.rangeClosed(1, 255).mapToObj(Integer::toString).collect(Collectors.joining(","));
    String codes256 = IntStream.rangeClosed(1, 256).mapToObj(Integer::toString).collect(Collectors.joining(","));
    assertEquals(255, FlagValues.exitCodes(codes255).size());
    assertEquals(255, FlagValues.exitCodes(codes255 + ",1,2,3").size());
    refused("--fail-index-on-exit-codes: 256 codes: at most 255 are allowed", () -> FlagValues.exitCodes(codes256));
  }

  // index sets (--success-indexes)

  @ParameterizedTest(name = "[{index}] \"{0}\" prints \"{1}\"")
  @CsvSource(delimiter = '|', textBlock = """
      0              | 0
      3,4            | 3,4
      0-2,7          | 0-2,7
      0-2,4,7-9      | 0-2,4,7-9
      0,1,2          | 0-2
      7,0-2          | 0-2,7
      """)
  void indexSets(String value, String printed) {
    IndexSet s = FlagValues.indexSet("--success-indexes", value);
    assertEquals(printed, s.toString());
    assertEquals(IndexSet.parse(value), s);
  }

  @Test
  void indexSetAbsentIsNull() {
    assertNull(FlagValues.indexSet("--success-indexes", null));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      ''         | '--success-indexes: "": names no index'
      ' '        | '--success-indexes: " ": names no index'
      3-1        | '--success-indexes: 3-1: range "3-1" runs backwards in index set "3-1"'
      'a'        | '--success-indexes: a: "a" is not an index (a non-negative integer) in "a"'
      -1         | '--success-indexes: -1: "-1" is not an index (a non-negative integer) in "-1"'
      '1,,2'     | '--success-indexes: 1,,2: empty element in index set "1,,2"'
      '0-2,'     | '--success-indexes: 0-2,: empty element in index set "0-2,"'
      """)
  void badIndexSetsAreRefused(String value, String message) {
    refused(message, () -> FlagValues.indexSet("--success-indexes", value));
  }

  @Test
  void aHugeIndexRangeIsParsedWithoutAllocatingPerIndex() {
    IndexSet s = FlagValues.indexSet("--success-indexes", "0-999999999");
    assertEquals(999_999_999, s.max());
    assertEquals("0-999999999", s.toString());
  }

  @Test
  void indexSetMessagesNameTheGivenFlag() {
    refused("--other: x: \"x\" is not an index (a non-negative integer) in \"x\"",
        () -> FlagValues.indexSet("--other", "x"));
  }

  // Bugs found while writing these tests: each case below fails on the code of 2e55acd.

  /**
   * The apiserver sets the controller-uid labels on the pod template itself and refuses a Job whose template has
   * another value (pkg/registry/batch/job/strategy.go generateSelector, then ValidateGeneratedSelector): no user
   * value can ever pass, so the flag should say so before anything is created. The wording is free.
   */
  @ParameterizedTest(name = "[{index}] --labels \"{0}\"")
  @CsvSource(delimiter = '|', textBlock = """
      controller-uid=x
      batch.kubernetes.io/controller-uid=x
      """)
  void controllerUidLabelsAreRefused(String value) {
    PluginException e = assertThrows(PluginException.class, () -> FlagValues.labels(value));
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().startsWith("--labels: " + value + ": "), e.getMessage());
  }

  @Test
  void controllerUidLabelMessage() {
    refused("--labels: team=ml,controller-uid=x: controller-uid is set by the Job controller to the Job's uid (the"
        + " apiserver refuses any other value)", () -> FlagValues.labels("team=ml,controller-uid=x"));
    assertEquals(Map.of("example.com/controller-uid", "x"), FlagValues.labels("example.com/controller-uid=x"));
  }
}
