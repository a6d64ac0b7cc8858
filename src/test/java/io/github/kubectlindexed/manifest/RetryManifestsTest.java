package io.github.kubectlindexed.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.index.IndexSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A retry Job's pod j sees what the original pod SET[j] saw, in every style: each container's command goes through
 * the kubelet's expansion (with the NEW index as JOB_COMPLETION_INDEX, as the controller sets it) and then a real
 * shell (bash, dash and busybox sh where present).
 */
class RetryManifestsTest {
  static final List<String> HOSTILE = ItemSafetyTest.HOSTILE;
  /** Originals with singles, a pair, runs, and the last index. */
  static final IndexSet SET = IndexSet.parse("0,3,4,7-9,12,20-" + (HOSTILE.size() - 1));

  @TempDir
  Path tmp;

  private static Job original(IndexedJobRequest r) {
    Job job = Manifests.build(r).job();
    job.getMetadata().setUid("uid-1");
    job.getMetadata().setNamespace("ns");
    // what the API server adds: the retry must not copy them
    job.getSpec().getTemplate().getMetadata().getLabels().put(Keys.JOB_NAME_LABEL, r.name());
    job.getSpec().getTemplate().getMetadata().getLabels().put("batch.kubernetes.io/controller-uid", "uid-1");
    return job;
  }

  private static Manifest retry(Job original, Map<Integer, String> items, IndexSet set) {
    return RetryManifests.build(new RetryManifests.Spec(original, items, set, original.getMetadata().getName()
        + "-retry-1", 1, RetryManifests.Overrides.none()));
  }

  private IndexedJobRequest.Builder request(Style style, ItemsMode mode) {
    IndexedJobRequest.Builder b = IndexedJobRequest.builder().name("hostile").image("busybox").style(style)
        .inputPath(tmp.resolve("input/data.txt").toString()).parallelism(4).command(List.of("cat", "/input/data.txt"));
    if (style != Style.downward) {
      b.items(HOSTILE).itemsFlag("--item").itemsMode(mode).itemsModeGiven(true);
    } else {
      b.completions(HOSTILE.size());
    }
    return b;
  }

  @Test
  void theRetryJobIsLinkedAndRunsExactlyTheSet() {
    Job o = original(request(Style.init, ItemsMode.inline).build());
    Job r = retry(o, null, SET).job();
    assertEquals("hostile-retry-1", r.getMetadata().getName());
    assertEquals("ns", r.getMetadata().getNamespace());
    assertEquals(SET.size(), r.getSpec().getCompletions());
    assertEquals(4, r.getSpec().getParallelism());
    assertEquals("Indexed", r.getSpec().getCompletionMode());
    assertEquals("hostile", r.getMetadata().getLabels().get(Keys.RETRY_OF_LABEL));
    assertEquals("1", r.getMetadata().getLabels().get(Keys.RETRY_GENERATION_LABEL));
    assertEquals(SET.toString(), r.getMetadata().getAnnotations().get(Keys.INDEX_MAP_ANNOTATION));
    assertEquals("uid-1", r.getMetadata().getAnnotations().get(Keys.RETRY_OF_UID_ANNOTATION));
    assertTrue(r.getMetadata().getOwnerReferences() == null || r.getMetadata().getOwnerReferences().isEmpty(),
        "owned by nobody");
    Map<String, String> podLabels = r.getSpec().getTemplate().getMetadata().getLabels();
    assertEquals("hostile", podLabels.get(Keys.RETRY_OF_LABEL));
    assertTrue(!podLabels.containsKey(Keys.JOB_NAME_LABEL) && !podLabels.containsKey("batch.kubernetes.io/controller-uid"),
        podLabels.toString());
    assertNull(r.getSpec().getSelector());
    Job small = retry(o, null, IndexSet.of(5, 6)).job();
    assertEquals(2, small.getSpec().getParallelism(), "never more pods than indexes");
  }

  @Test
  void inlineItemsReachTheFileByteForByteUnderTheOriginalIndex() throws Exception {
    for (String initImage : new String[] {null, "docker.io/library/busybox"}) {
      Job o = original(request(Style.init, ItemsMode.inline).initImage(initImage).build());
      Manifest m = retry(o, null, SET);
      assertTrue(m.configMaps().isEmpty());
      runInit(m, null);
    }
  }

  @Test
  void configMapItemsAreCopiedUnderTheOriginalIndex() throws Exception {
    Manifest first = Manifests.build(request(Style.init, ItemsMode.configmap).build());
    Map<Integer, String> stored = new HashMap<>();
    for (ConfigMap cm : first.configMaps()) {
      cm.getData().forEach((k, v) -> stored.put(Integer.parseInt(k), v));
    }
    Job o = original(request(Style.init, ItemsMode.configmap).build());
    Manifest m = retry(o, stored, SET);
    assertEquals(1, m.configMaps().size());
    ConfigMap cm = m.configMaps().get(0);
    assertEquals("hostile-retry-1-items-0", cm.getMetadata().getName());
    assertEquals("hostile-retry-1", cm.getMetadata().getLabels().get(Keys.ITEMS_JOB_LABEL));
    List<String> keys = new ArrayList<>(cm.getData().keySet());
    assertEquals(SET.stream().mapToObj(Integer::toString).toList(), keys, "keyed by the original index");
    assertEquals("hostile-retry-1-items-0", m.job().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(Manifests.ITEMS_VOLUME)).findFirst().orElseThrow().getProjected()
        .getSources().get(0).getConfigMap().getName());
    Path itemsDir = Files.createDirectories(tmp.resolve("items"));
    for (Map.Entry<String, String> e : cm.getData().entrySet()) {
      Files.write(itemsDir.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    runInit(m, itemsDir);
  }

  @Test
  void missingStoredItemsAreRefused() {
    Job o = original(request(Style.init, ItemsMode.configmap).build());
    PluginException e = assertThrows(PluginException.class, () -> retry(o, null, SET));
    assertEquals("the item ConfigMaps of job/hostile are gone; its items cannot be re-run", e.getMessage());
  }

  @Test
  void theDownwardFileHoldsTheOriginalIndex() throws Exception {
    Job o = original(request(Style.downward, null).command(List.of("cat", tmp.resolve("input/data.txt").toString()))
        .build());
    Manifest m = retry(o, null, SET);
    PodSpec pod = m.job().getSpec().getTemplate().getSpec();
    assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(Manifests.INPUT_VOLUME)
        && v.getEmptyDir() != null && v.getDownwardAPI() == null), "the index file is no longer the new index");
    Container index = pod.getInitContainers().get(0);
    assertEquals(RetryManifests.INDEX_INIT_CONTAINER, index.getName());
    Path input = tmp.resolve("input/data.txt");
    int[] originals = SET.stream().toArray();
    for (String shell : shells()) {
      for (int j = 0; j < originals.length; j++) {
        Files.deleteIfExists(input);
        Files.createDirectories(input.getParent());
        Run run = run(index, shell, j, SET);
        assertEquals(0, run.exit(), run.output());
        assertEquals(Integer.toString(originals[j]), Files.readString(input), shell + " new index " + j);
      }
    }
  }

  @Test
  void theWorkerSeesTheOriginalIndexInItsEnvironmentAndArguments() throws Exception {
    Job o = original(IndexedJobRequest.builder().name("envjob").image("busybox").style(Style.env).completions(30)
        .command(List.of("sh", "-c", "printf '%s|%s|%s|%s' \"$JOB_COMPLETION_INDEX\" \"$1\" \"$2\" \"$3\"", "me",
            "/items/$(JOB_COMPLETION_INDEX)", "$(JOB_COMPLETION_INDEX)x$(JOB_COMPLETION_INDEX)", "$$HOME $(OTHER)"))
        .build());
    Container worker = RetryManifests.worker(retry(o, null, SET).job().getSpec().getTemplate().getSpec());
    assertEquals(List.of("sh", "-c"), worker.getCommand().subList(0, 2));
    assertNull(worker.getArgs());
    int[] originals = SET.stream().toArray();
    for (String shell : shells()) {
      for (int j = 0; j < originals.length; j++) {
        Run run = run(worker, shell, j, SET);
        int i = originals[j];
        assertEquals(0, run.exit(), run.output());
        assertEquals(i + "|/items/" + i + "|" + i + "x" + i + "|$HOME $(OTHER)", run.output(), shell + " new " + j);
      }
    }
  }

  @Test
  void aNewIndexOutsideTheMapFailsThePod() throws Exception {
    Job o = original(IndexedJobRequest.builder().name("envjob").image("busybox").style(Style.env).completions(30)
        .command(List.of("true")).build());
    Container worker = RetryManifests.worker(retry(o, null, IndexSet.of(4, 5)).job().getSpec().getTemplate()
        .getSpec());
    Run run = run(worker, "sh", 2, IndexSet.of(4, 5));
    assertEquals(1, run.exit());
    assertEquals("kubectl-indexed: index 2 is not in the index map\n", run.output());
  }

  @Test
  void whatCannotBeGivenTheOriginalIndexIsRefused() {
    Job entrypoint = original(IndexedJobRequest.builder().name("ep").image("busybox").style(Style.env)
        .completions(3).build());
    assertEquals("retry: the worker of job/ep runs its image's entrypoint (no command), so it cannot be given its"
        + " original index; retry cannot re-run it",
        assertThrows(PluginException.class, () -> retry(entrypoint, null, IndexSet.of(1))).getMessage());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SHARD", "shard-$(JOB_COMPLETION_INDEX)");
    Job fromFile = original(request(Style.init, ItemsMode.inline).command(List.of()).build());
    Container w = RetryManifests.worker(retry(fromFile, null, SET).job().getSpec().getTemplate().getSpec());
    assertTrue(w.getCommand() == null || w.getCommand().isEmpty(),
        "an init-style worker reads its item from the file: it needs no wrapper");
    assertEquals(new EnvVar(Manifests.INDEX_ENV, "", null), w.getEnv().get(0),
        "declared empty: never the new index");
    Job derived = original(IndexedJobRequest.builder().name("dv").image("busybox").style(Style.env)
        .completions(3).command(List.of("true")).env(env).build());
    PluginException e = assertThrows(PluginException.class, () -> retry(derived, null, IndexSet.of(1)));
    assertEquals(2, e.exitCode());
    assertTrue(e.getMessage().startsWith("retry: the worker's variable SHARD is made from $(JOB_COMPLETION_INDEX)"),
        e.getMessage());
    assertEquals(2, assertThrows(PluginException.class, () -> RetryManifests.build(new RetryManifests.Spec(derived,
        null, IndexSet.of(1), "Bad_Name", 1, RetryManifests.Overrides.none()))).exitCode());
  }

  @Test
  void overridesReplaceThePodSettings() {
    Job o = original(IndexedJobRequest.builder().name("ov").image("busybox").style(Style.env).completions(9)
        .command(List.of("true")).env(Map.of("A", "1")).requests(Map.of("cpu", "100m")).build());
    Job r = RetryManifests.build(new RetryManifests.Spec(o, null, IndexSet.of(1, 2, 3), "ov-again", 2,
        new RetryManifests.Overrides("alpine:3", Map.of("A", "2"), Map.of("memory", "64Mi"), Map.of(), 2, 1, 60L)))
        .job();
    Container w = RetryManifests.worker(r.getSpec().getTemplate().getSpec());
    assertEquals("alpine:3", w.getImage());
    assertEquals("2", w.getEnv().stream().filter(v -> v.getName().equals("A")).findFirst().orElseThrow().getValue());
    assertEquals("100m", w.getResources().getRequests().get("cpu").toString());
    assertEquals("64Mi", w.getResources().getRequests().get("memory").toString());
    assertEquals(2, r.getSpec().getBackoffLimitPerIndex());
    assertEquals(1, r.getSpec().getParallelism());
    assertEquals(60L, r.getSpec().getActiveDeadlineSeconds());
    assertEquals("2", r.getMetadata().getLabels().get(Keys.RETRY_GENERATION_LABEL));
  }

  @Test
  void kubeletReferencesAreKeptForTheWrapperAndEscapesLeftAlone() {
    assertEquals("$$(JOB_COMPLETION_INDEX)", RetryManifests.keepIndexRef("$(JOB_COMPLETION_INDEX)"));
    assertEquals("$$$$(JOB_COMPLETION_INDEX)", RetryManifests.keepIndexRef("$$$(JOB_COMPLETION_INDEX)"));
    assertEquals("$$(A) $(B)", RetryManifests.keepIndexRef("$$(A) $(B)"));
    assertTrue(RetryManifests.refersToIndex("x$(JOB_COMPLETION_INDEX)"));
    assertTrue(!RetryManifests.refersToIndex("x$$(JOB_COMPLETION_INDEX)"));
  }

  // --- running containers ----------------------------------------------------------------------------------

  private void runInit(Manifest m, Path itemsDir) throws Exception {
    Container init = m.job().getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals(Manifests.INIT_CONTAINER, init.getName());
    Path input = tmp.resolve("input/data.txt");
    int[] originals = SET.stream().toArray();
    for (int j = 0; j < originals.length; j++) {
      Files.createDirectories(input.getParent());
      Files.deleteIfExists(input);
      Run run = run(init, init.getCommand().get(0), j, SET, itemsDir);
      assertEquals(0, run.exit(), "new index " + j + ": " + run.output());
      assertArrayEquals((HOSTILE.get(originals[j]) + "\n").getBytes(StandardCharsets.UTF_8),
          Files.readAllBytes(input), "new index " + j + " runs original " + originals[j]);
    }
  }

  record Run(int exit, String output) {}

  private Run run(Container c, String shell, int newIndex, IndexSet set) throws Exception {
    return run(c, shell, newIndex, set, null);
  }

  /** The container as the kubelet starts it: env (fieldRef = the new index), $(VAR) expansion, then argv. */
  private Run run(Container c, String shell, int newIndex, IndexSet set, Path itemsDir) throws Exception {
    Map<String, String> vars = new LinkedHashMap<>();
    for (EnvVar v : c.getEnv()) {
      if (v.getValueFrom() != null) {
        assertEquals(Keys.INDEX_FIELD_PATH, v.getValueFrom().getFieldRef().getFieldPath());
        vars.put(v.getName(), Integer.toString(newIndex));
      } else {
        vars.put(v.getName(), KubeletExpansion.expand(v.getValue(), vars));
      }
    }
    assertEquals(set.toString(), vars.get(Keys.INDEX_MAP_ENV));
    List<String> argv = new ArrayList<>();
    for (String arg : c.getCommand()) {
      argv.add(KubeletExpansion.expand(arg, vars));
    }
    argv.set(0, shell);
    if (itemsDir != null) {
      argv.set(2, argv.get(2).replace("'" + Manifests.ITEMS_DIR + "/'", "'" + itemsDir + "/'"));
    }
    if (shell.equals("busybox")) {
      argv.add(1, "sh");
    }
    KubeletExpansion.Run ran = KubeletExpansion.run(argv, vars);
    return new Run(ran.exit(), ran.output());
  }

  /** bash, sh, and dash and busybox sh when the machine has them. */
  private static List<String> shells() {
    List<String> out = new ArrayList<>(List.of("bash", "sh"));
    for (String s : new String[] {"dash", "busybox"}) {
      if (Files.isExecutable(Path.of("/usr/bin", s)) || Files.isExecutable(Path.of("/bin", s))) {
        out.add(s);
      }
    }
    return out;
  }
}
