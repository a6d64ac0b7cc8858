package io.github.kubectlindexed.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hostile item reaches the input file byte for byte plus one newline: the init container's command goes
 * through the kubelet's $(VAR)/$$ expansion (with JOB_COMPLETION_INDEX set), then through a real shell.
 */
class ItemSafetyTest {
  static final List<String> HOSTILE = List.of(
      "$(JOB_COMPLETION_INDEX)",
      "$$",
      "$$(JOB_COMPLETION_INDEX)",
      "$HOME and ${HOME} and $0",
      "`id`",
      "$(id)",
      "'single' quotes",
      "it's",
      "\"double\" quotes",
      "back\\slash \\n \\\\",
      "*",
      "-n",
      "-e",
      "--",
      "ünïcödé ✓ 日本語 🎉",
      "",
      "line one\nline two",
      "  leading and trailing spaces  ",
      "tab\there",
      "esac ;; ) case",
      "%s %d %%",
      "$(",
      "trailing dollar $",
      "carriage\rreturn",
      "semi; rm -rf /tmp/nothing-here &");

  @TempDir
  Path tmp;

  @Test
  void kubeletExpansionFollowsKubernetes() {
    Map<String, String> vars = Map.of("A", "1");
    assertEquals("1", KubeletExpansion.expand("$(A)", vars));
    assertEquals("$(B)", KubeletExpansion.expand("$(B)", vars));
    assertEquals("$(A)", KubeletExpansion.expand("$$(A)", vars));
    assertEquals("$", KubeletExpansion.expand("$$", vars));
    assertEquals("$x $", KubeletExpansion.expand("$x $", vars));
    assertEquals("$(A", KubeletExpansion.expand("$(A", vars));
    assertEquals("a1b$$", KubeletExpansion.expand("a$(A)b$$$$", vars));
  }

  @Test
  void inlineItemsReachTheFileByteForByte() throws Exception {
    Path input = tmp.resolve("input/data.txt");
    Manifest m = Manifests.build(request(ItemsMode.inline, input, null));
    assertTrue(m.configMaps().isEmpty());
    runEveryIndex(m, input, null, "bash");
  }

  @Test
  void inlineItemsAlsoSurviveAPosixSh() throws Exception {
    Path input = tmp.resolve("input/data.txt");
    Manifest m = Manifests.build(request(ItemsMode.inline, input, "docker.io/library/busybox"));
    assertEquals("sh", initContainer(m).getCommand().get(0));
    runEveryIndex(m, input, null, "sh");
  }

  @Test
  void configMapItemsReachTheFileByteForByte() throws Exception {
    Path input = tmp.resolve("input/data.txt");
    Manifest m = Manifests.build(request(ItemsMode.configmap, input, null));
    assertFalse(m.configMaps().isEmpty());
    // The projected volume: every ConfigMap's keys become files in one directory.
    Path itemsDir = Files.createDirectories(tmp.resolve("items"));
    for (ConfigMap cm : m.configMaps()) {
      for (Map.Entry<String, String> e : cm.getData().entrySet()) {
        Files.write(itemsDir.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    runEveryIndex(m, input, itemsDir, "bash");
  }

  @Test
  void itemsAddedByGrowingReachTheFileByteForByte() throws Exception {
    // created with the first half of the items, then grown by the second half (scale --items-file)
    Path input = tmp.resolve("input/data.txt");
    int half = HOSTILE.size() / 2;
    Manifest m = Manifests.build(IndexedJobRequest.builder().name("hostile").image("busybox").style(Style.init)
        .items(HOSTILE.subList(0, half)).itemsFlag("--item").itemsMode(ItemsMode.configmap).itemsModeGiven(true)
        .inputPath(input.toString()).build());
    List<ConfigMap> more = Manifests.moreItems("hostile", null, half, HOSTILE.subList(half, HOSTILE.size()),
        Manifests.spareItemConfigMaps(m.job()), "--items-file");
    // The projected volume as the kubelet builds it: every source the template names, optional ones when present.
    List<String> projected = m.job().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(Manifests.ITEMS_VOLUME)).findFirst().orElseThrow().getProjected()
        .getSources().stream().map(src -> src.getConfigMap().getName()).toList();
    Path itemsDir = Files.createDirectories(tmp.resolve("items"));
    List<ConfigMap> all = new ArrayList<>(m.configMaps());
    all.addAll(more);
    for (ConfigMap cm : all) {
      assertTrue(projected.contains(cm.getMetadata().getName()), cm.getMetadata().getName());
      for (Map.Entry<String, String> e : cm.getData().entrySet()) {
        Files.write(itemsDir.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    runEveryIndex(m, input, itemsDir, "bash");
  }

  private IndexedJobRequest request(ItemsMode mode, Path input, String initImage) {
    return IndexedJobRequest.builder().name("hostile").image("busybox").style(Style.init).initImage(initImage)
        .items(HOSTILE).itemsFlag("--item").itemsMode(mode).itemsModeGiven(true).inputPath(input.toString()).build();
  }

  private static Container initContainer(Manifest m) {
    return m.job().getSpec().getTemplate().getSpec().getInitContainers().get(0);
  }

  private void runEveryIndex(Manifest m, Path input, Path itemsDir, String shell) throws Exception {
    Container init = initContainer(m);
    List<String> command = init.getCommand();
    assertEquals(List.of(shell, "-c"), command.subList(0, 2));
    assertEquals(Manifests.INDEX_ENV, init.getEnv().get(0).getName(), "JOB_COMPLETION_INDEX is declared first");
    for (int i = 0; i < HOSTILE.size(); i++) {
      Map<String, String> vars = Map.of(Manifests.INDEX_ENV, Integer.toString(i), Manifests.COMPLETIONS_ENV,
          Integer.toString(HOSTILE.size()));
      List<String> argv = new ArrayList<>();
      for (String arg : command) {
        argv.add(KubeletExpansion.expand(arg, vars));
      }
      if (itemsDir != null) {
        String script = argv.get(2);
        String mounted = "'" + Manifests.ITEMS_DIR + "/'";
        assertTrue(script.contains(mounted), script);
        argv.set(2, script.replace(mounted, "'" + itemsDir + "/'"));
      }
      Files.createDirectories(input.getParent());
      Files.deleteIfExists(input);
      KubeletExpansion.Run ran = KubeletExpansion.run(argv, vars);
      assertEquals(0, ran.exit(), "index " + i + ": " + ran.output());
      byte[] expected = (HOSTILE.get(i) + "\n").getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(expected, Files.readAllBytes(input), "index " + i + " item " + HOSTILE.get(i));
    }
  }

  @Test
  void anIndexWithoutAnItemFailsTheInitContainer() throws IOException, InterruptedException {
    Path input = tmp.resolve("input/data.txt");
    Manifest m = Manifests.build(request(ItemsMode.inline, input, null));
    List<String> argv = new ArrayList<>();
    for (String arg : initContainer(m).getCommand()) {
      argv.add(KubeletExpansion.expand(arg, Map.of(Manifests.INDEX_ENV, "99")));
    }
    Files.createDirectories(input.getParent());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put(Manifests.INDEX_ENV, "99");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertNotEquals(0, p.exitValue());
    assertEquals("kubectl-indexed: no item for index 99\n", output);
  }
}
