package io.github.kubectlindexed.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Big item lists created for real (issue 12, section 1): every ConfigMap is accepted by the API server and etcd, each
 * one read back with the testbed's kubectl ({@code -o json}) is under 1 MiB, every item is where the pod reads it,
 * and the Job's completions are right. Inputs too big for bounded memory are refused with one line (exit 2).
 * The Jobs run at parallelism 1 and their namespace is deleted afterwards, so the pods they make stay few.
 */
class ScaleE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIB = 1024 * 1024;
  private static String ns;
  private static Path dir;

  @BeforeAll
  static void setUp() throws IOException {
    ns = Testbed.namespace("scale");
    dir = Files.createTempDirectory("scale-e2e");
  }

  @AfterAll
  static void tearDown() {
    Testbed.kubectl(Map.of(), "--kubeconfig=" + Testbed.kubeconfig(), "delete", "namespace", ns, "--wait=false");
  }

  private static Path itemsFile(String name, int n, IntFunction<String> item) throws IOException {
    Path f = dir.resolve(name);
    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        w.write(item.apply(i));
        w.write('\n');
      }
    }
    return f;
  }

  /** Creates Job {@code job} from {@code file} and checks every ConfigMap as stored, and the Job's completions. */
  private static void createsForReal(String job, Path file, int n, IntFunction<String> item) throws IOException {
    // a loaded 2-core machine took 7 min for 1,000,000 items (docs/BENCHMARKS.md, row 14): more than plugin()'s 5
    Proc.Result r = Testbed.exec(List.of(Testbed.PLUGIN.toString(), "create", job,
        "--kubeconfig=" + Testbed.kubeconfig(), "--namespace=" + ns, "--image=docker.io/library/busybox",
        "--items-file=" + file, "--parallelism=1", "--", "sh", "-c", "cat /input/data.txt"), Map.of(), null,
        Duration.ofMinutes(15));
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("job.batch/" + job + " created"), r::toString);

    Proc.Result got = Testbed.kubectl(Map.of(), "--kubeconfig=" + Testbed.kubeconfig(), "-n", ns, "get",
        "configmaps", "-l", "kubectl-indexed.io/job-name=" + job, "-o", "json", "--show-managed-fields");
    assertEquals(0, got.exit(), () -> got.err());
    JsonNode list = JSON.readTree(got.out());
    int next = 0;
    int configMaps = 0;
    for (JsonNode cm : list.get("items")) {
      configMaps++;
      String name = cm.get("metadata").get("name").asText();
      int stored = JSON.writeValueAsBytes(cm).length;
      assertTrue(stored < MIB, name + ": " + stored + " bytes as stored");
      assertTrue(cm.get("metadata").get("ownerReferences").get(0).get("name").asText().equals(job), name);
      for (Iterator<Map.Entry<String, JsonNode>> it = cm.get("data").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        int k = Integer.parseInt(e.getKey());
        assertEquals(item.apply(k), e.getValue().asText(), name + " key " + k);
        next++;
      }
    }
    assertEquals(n, next, "items in " + configMaps + " ConfigMaps");
    Proc.Result completions = Testbed.kubectl(Map.of(), "--kubeconfig=" + Testbed.kubeconfig(), "-n", ns, "get",
        "job", job, "-o", "jsonpath={.spec.completions} {.spec.completionMode}");
    assertEquals(n + " Indexed", completions.out(), completions::toString);
    Testbed.kubectl(Map.of(), "--kubeconfig=" + Testbed.kubeconfig(), "-n", ns, "delete", "job", job,
        "--cascade=background", "--wait=false");
  }

  @Test
  void hundredThousandShortItems() throws IOException {
    IntFunction<String> item = i -> Integer.toString(i + 1);
    createsForReal("short", itemsFile("short.txt", 100_000, item), 100_000, item);
  }

  @Test
  void hundredThousandEmptyItems() throws IOException {
    IntFunction<String> item = i -> "";
    createsForReal("empty", itemsFile("empty.txt", 100_000, item), 100_000, item);
  }

  @Test
  void aMillionItems() throws IOException {
    IntFunction<String> item = Integer::toString;
    createsForReal("million", itemsFile("million.txt", 1_000_000, item), 1_000_000, item);
  }

  @Test
  void tenThousandItemsOfOneKiB() throws IOException {
    IntFunction<String> item = i -> String.format("%06d", i) + "<&>\"\\".repeat(203) + "x";
    createsForReal("kib", itemsFile("kib.txt", 10_000, item), 10_000, item);
  }

  @Test
  void oneItemOfAMillionBytes() throws IOException {
    IntFunction<String> item = i -> "y".repeat(1_000_000);
    createsForReal("huge", itemsFile("huge.txt", 1, item), 1, item);
  }

  @Test
  void anItemTooBigForOneConfigMapIsOneLine() throws IOException {
    Path f = itemsFile("toobig.txt", 2, i -> i == 0 ? "a" : "z".repeat(1_100_000));
    Proc.Result r = Testbed.plugin(ns, "create", "toobig", "--image=docker.io/library/busybox",
        "--items-file=" + f);
    assertEquals(2, r.exit(), r::toString);
    assertEquals("error: --items-file: item 1 needs 1100000 bytes as stored (JSON-escaped); one item must fit in"
        + " one ConfigMap, which holds at most 1032176 bytes\n", r.err());
    assertNothingMade("toobig");
  }

  @Test
  void aHundredMegabyteFileIsRefusedWithTheLimit() throws IOException {
    Path f = dir.resolve("100mb.txt");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(100L * 1000 * 1000);
    }
    Proc.Result r = Testbed.plugin(ns, "create", "big", "--image=docker.io/library/busybox", "--items-file=" + f);
    assertEquals(2, r.exit(), r::toString);
    assertEquals("", r.out());
    assertEquals("error: --items-file: " + f + ": 100000000 bytes; the largest input accepted is 64 MiB and"
        + " 1,000,000 items\n", r.err());
    assertNothingMade("big");
  }

  @Test
  void aClosedStdinIsOneLine() {
    String cmd = "exec \"$0\" create closed --kubeconfig=\"$1\" --namespace=\"$2\" --image=docker.io/library/busybox"
        + " --items-file=- <&-";
    Proc.Result r = Testbed.exec(List.of("sh", "-c", cmd, Testbed.PLUGIN.toString(),
        Testbed.kubeconfig().toString(), ns), Map.of(), null, Duration.ofMinutes(2));
    assertEquals(2, r.exit(), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(r.err().startsWith("error: --items-file: -: "), r::toString);
    assertTrue(!r.err().contains("Exception") && !r.err().contains("java."), r::toString);
    assertNothingMade("closed");
  }

  private static void assertNothingMade(String job) {
    List<String> left = new ArrayList<>();
    Testbed.client().configMaps().inNamespace(ns).withLabel("kubectl-indexed.io/job-name", job).list().getItems()
        .forEach(c -> left.add(c.getMetadata().getName()));
    if (Testbed.client().batch().v1().jobs().inNamespace(ns).withName(job).get() != null) {
      left.add("job/" + job);
    }
    assertEquals(List.of(), left);
  }
}
