package io.github.kubectlindexed.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.output.ManifestPrinter;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static IndexedJobRequest.Builder base() {
    return IndexedJobRequest.builder().name("work").image("busybox");
  }

  private static PodSpec pod(Manifest m) {
    return m.job().getSpec().getTemplate().getSpec();
  }

  @Test
  void autoKeepsFewItemsInline() {
    Manifest m = Manifests.build(base().items(List.of("a", "b")).itemsFlag("--items").build());
    assertTrue(m.configMaps().isEmpty());
    assertEquals(1, pod(m).getInitContainers().size());
    assertEquals("worker", m.job().getSpec().getTemplate().getMetadata().getAnnotations()
        .get("kubectl.kubernetes.io/default-container"));
    assertEquals(List.of("input"), pod(m).getVolumes().stream().map(Volume::getName).toList());
    assertEquals(2, m.job().getSpec().getCompletions());
    assertNull(m.job().getSpec().getParallelism());
  }

  @Test
  void autoMovesManyItemsToConfigMapsAndKeepsTheTemplateSmall() throws Exception {
    int n = 100_000;
    List<String> items = new ArrayList<>(n);
    String pad = "x".repeat(90);
    for (int i = 0; i < n; i++) {
      items.add(String.format("item-%06d-%s", i, pad));
    }
    Manifest m = Manifests.build(base().items(items).itemsFlag("--items-file").build());
    assertTrue(m.configMaps().size() > 1);
    int next = 0;
    for (ConfigMap cm : m.configMaps()) {
      int bytes = 0;
      for (Map.Entry<String, String> e : cm.getData().entrySet()) {
        assertEquals(Integer.toString(next), e.getKey(), "keys 0..N-1 in order");
        assertEquals(items.get(next), e.getValue());
        bytes += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        next++;
      }
      assertTrue(bytes <= 1024 * 1024, "data " + bytes);
      assertTrue(JSON.writeValueAsBytes(cm).length < 1024 * 1024, "ConfigMap under 1 MiB");
      assertEquals(Map.of(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY, Keys.ITEMS_JOB_LABEL, "work"),
          cm.getMetadata().getLabels());
      assertTrue(cm.getMetadata().getOwnerReferences().isEmpty());
    }
    assertEquals(n, next);
    int template = JSON.writeValueAsBytes(m.job().getSpec().getTemplate()).length;
    assertTrue(template < 8 * 1024, "template " + template);
    Volume items0 = pod(m).getVolumes().get(1);
    assertEquals("items", items0.getName());
    assertEquals(m.configMaps().size() + Manifests.SPARE_ITEM_CONFIGMAPS, items0.getProjected().getSources().size());
    assertEquals("work-items-0", items0.getProjected().getSources().get(0).getConfigMap().getName());
    Container init = pod(m).getInitContainers().get(0);
    assertEquals("/items", init.getVolumeMounts().get(1).getMountPath());
    assertTrue(init.getCommand().get(2).contains("cat '/items/'\"$$JOB_COMPLETION_INDEX\""));
  }

  @Test
  void envStyleMountsTheItemsAtItems() {
    Manifest m = Manifests.build(base().style(Style.env).items(List.of("a", "b", "c")).itemsFlag("--items")
        .command(List.of("rev", "/items/$(JOB_COMPLETION_INDEX)")).build());
    assertEquals(1, m.configMaps().size());
    assertEquals(Map.of("0", "a", "1", "b", "2", "c"), m.configMaps().get(0).getData());
    Container worker = pod(m).getContainers().get(0);
    assertEquals("/items", worker.getVolumeMounts().get(0).getMountPath());
    assertEquals(List.of("rev", "/items/$(JOB_COMPLETION_INDEX)"), worker.getCommand());
    assertTrue(pod(m).getInitContainers().isEmpty());
  }

  @Test
  void envStyleWithoutItemsHasNoVolumes() {
    Manifest m = Manifests.build(base().completions(4).build());
    assertEquals(Style.env, base().completions(4).build().style());
    assertTrue(pod(m).getVolumes().isEmpty());
    Container worker = pod(m).getContainers().get(0);
    assertEquals(List.of("JOB_COMPLETION_INDEX", "JOB_COMPLETIONS"),
        worker.getEnv().stream().map(e -> e.getName()).toList());
    assertTrue(worker.getCommand().isEmpty());
  }

  @Test
  void policiesAndPodSettingsReachTheJob() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SHARD", "$(JOB_COMPLETION_INDEX)");
    env.put("A", "1");
    IndexedJobRequest r = base().completions(10).parallelism(4).backoffLimit(6).backoffLimitPerIndex(1)
        .maxFailedIndexes(3).failIndexOnExitCodes(List.of(3, 42)).successIndexes(IndexSet.parse("0-2"))
        .successCount(2).env(env).labels(Map.of("team", "x")).requests(Map.of("cpu", "100m"))
        .limits(Map.of("memory", "64Mi")).serviceAccount("runner").ttlSecondsAfterFinished(60)
        .activeDeadlineSeconds(600L).build();
    Job job = Manifests.build(r).job();
    JobSpec s = job.getSpec();
    assertEquals(10, s.getCompletions());
    assertEquals(4, s.getParallelism());
    assertEquals("Indexed", s.getCompletionMode());
    assertEquals(6, s.getBackoffLimit());
    assertEquals(1, s.getBackoffLimitPerIndex());
    assertEquals(3, s.getMaxFailedIndexes());
    assertEquals(60, s.getTtlSecondsAfterFinished());
    assertEquals(600L, s.getActiveDeadlineSeconds());
    assertEquals("FailIndex", s.getPodFailurePolicy().getRules().get(0).getAction());
    assertEquals(List.of(3, 42), s.getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues());
    assertEquals("In", s.getPodFailurePolicy().getRules().get(0).getOnExitCodes().getOperator());
    assertEquals("worker", s.getPodFailurePolicy().getRules().get(0).getOnExitCodes().getContainerName());
    assertEquals("0-2", s.getSuccessPolicy().getRules().get(0).getSucceededIndexes());
    assertEquals(2, s.getSuccessPolicy().getRules().get(0).getSucceededCount());
    assertEquals("x", job.getMetadata().getLabels().get("team"));
    assertEquals("x", s.getTemplate().getMetadata().getLabels().get("team"));
    PodSpec pod = s.getTemplate().getSpec();
    assertEquals("runner", pod.getServiceAccountName());
    assertEquals("Never", pod.getRestartPolicy());
    Container worker = pod.getContainers().get(0);
    assertEquals(List.of("JOB_COMPLETION_INDEX", "JOB_COMPLETIONS", "SHARD", "A"),
        worker.getEnv().stream().map(e -> e.getName()).toList());
    assertEquals("10", worker.getEnv().get(1).getValue());
    assertEquals(new Quantity("100m"), worker.getResources().getRequests().get("cpu"));
    assertEquals(new Quantity("64Mi"), worker.getResources().getLimits().get("memory"));
  }

  @Test
  void namespaceIsWrittenOnlyWhenGiven() {
    Manifest without = Manifests.build(base().style(Style.env).items(List.of("a")).build());
    assertNull(without.job().getMetadata().getNamespace());
    assertNull(without.configMaps().get(0).getMetadata().getNamespace());
    Manifest with = Manifests.build(base().namespace("ns").style(Style.env).items(List.of("a")).build());
    assertEquals("ns", with.job().getMetadata().getNamespace());
    assertEquals("ns", with.configMaps().get(0).getMetadata().getNamespace());
  }

  @Test
  void yamlAndJsonRoundTripHostileItems() throws Exception {
    Manifest m = Manifests.build(base().items(ItemSafetyTest.HOSTILE).itemsFlag("--item")
        .itemsMode(ItemsMode.configmap).itemsModeGiven(true).build());
    StringWriter sw = new StringWriter();
    ManifestPrinter.print(new PrintWriter(sw), ManifestPrinter.Format.yaml, m.objects());
    String[] docs = sw.toString().split("\n---\n");
    assertEquals(2, docs.length);
    assertEquals(m.configMaps().get(0), YAML.readValue(docs[0], ConfigMap.class));
    assertEquals(m.job(), YAML.readValue(docs[1], Job.class));
    // keys 0..N-1 must stay strings in YAML
    assertTrue(docs[0].contains("\"0\":"), docs[0]);

    sw = new StringWriter();
    ManifestPrinter.print(new PrintWriter(sw), ManifestPrinter.Format.json, m.objects());
    JsonNode list = JSON.readTree(sw.toString());
    assertEquals("List", list.get("kind").asText());
    assertEquals("v1", list.get("apiVersion").asText());
    assertEquals(m.configMaps().get(0), JSON.treeToValue(list.get("items").get(0), ConfigMap.class));
    assertEquals(m.job(), JSON.treeToValue(list.get("items").get(1), Job.class));
  }

  @Test
  void inlineModeRefusesItemsTooBigForTheTemplate() {
    List<String> big = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      big.add("y".repeat(100));
    }
    var e = org.junit.jupiter.api.Assertions.assertThrows(io.github.kubectlindexed.PluginException.class,
        () -> Manifests.build(base().items(big).itemsMode(ItemsMode.inline).itemsModeGiven(true).build()));
    assertEquals("--items-mode: inline: the items need more than 512 KiB in the pod template, which every pod"
        + " copies; use --items-mode auto or configmap", e.getMessage());
  }

  @Test
  void utf8LengthCountsBytes() {
    for (String s : ItemSafetyTest.HOSTILE) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Manifests.utf8Length(s), s);
    }
  }
}
