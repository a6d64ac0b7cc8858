package io.github.kubectlindexed.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.github.kubectlindexed.PluginException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Job with ConfigMap items projects {@link Manifests#SPARE_ITEM_CONFIGMAPS} optional spare ConfigMaps after its
 * own, and {@link Manifests#moreItems} fills those spares when the Job grows.
 */
class SpareItemConfigMapsTest {
  private static Manifest build(ItemsMode mode, Style style, List<String> items) {
    return Manifests.build(IndexedJobRequest.builder().name("work").image("busybox").style(style).items(items)
        .itemsFlag("--items").itemsMode(mode).itemsModeGiven(true).build());
  }

  private static List<ConfigMapProjection> projected(Manifest m) {
    Volume items = m.job().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(Manifests.ITEMS_VOLUME)).findFirst().orElseThrow();
    return items.getProjected().getSources().stream().map(VolumeProjection::getConfigMap).toList();
  }

  @Test
  void configMapItemsProjectTheirOwnConfigMapsThenEightOptionalSpares() {
    Manifest m = build(ItemsMode.configmap, Style.init, List.of("a", "b", "c"));
    assertEquals(1, m.configMaps().size());
    List<ConfigMapProjection> sources = projected(m);
    assertEquals(1 + Manifests.SPARE_ITEM_CONFIGMAPS, sources.size());
    assertEquals("work-items-0", sources.get(0).getName());
    assertNull(sources.get(0).getOptional(), "the Job's own items are required");
    List<String> spares = new ArrayList<>();
    for (ConfigMapProjection p : sources.subList(1, sources.size())) {
      assertEquals(Boolean.TRUE, p.getOptional(), p.getName());
      assertTrue(p.getItems() == null || p.getItems().isEmpty(), "every key of a spare becomes a file");
      spares.add(p.getName());
    }
    assertEquals(List.of("work-items-1", "work-items-2", "work-items-3", "work-items-4", "work-items-5",
        "work-items-6", "work-items-7", "work-items-8"), spares);
    assertEquals(spares, Manifests.spareItemConfigMaps(m.job()));
  }

  @Test
  void sparesFollowTheLastConfigMapWhenItemsNeedSeveral() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      items.add("x".repeat(600_000));
    }
    Manifest m = build(ItemsMode.configmap, Style.env, items);
    assertEquals(3, m.configMaps().size());
    assertEquals("work-items-3", Manifests.spareItemConfigMaps(m.job()).get(0));
    assertEquals("work-items-10", Manifests.spareItemConfigMaps(m.job()).get(7));
  }

  @Test
  void inlineItemsAndNoItemsHaveNoSpares() {
    Manifest inline = build(ItemsMode.inline, Style.init, List.of("a", "b"));
    assertTrue(inline.configMaps().isEmpty());
    assertEquals(List.of(), Manifests.spareItemConfigMaps(inline.job()));
    Manifest downward = Manifests.build(IndexedJobRequest.builder().name("work").image("busybox")
        .style(Style.downward).completions(3).build());
    assertEquals(List.of(), Manifests.spareItemConfigMaps(downward.job()));
  }

  @Test
  void moreItemsAreKeyedByTheirIndexInTheFirstFreeSpareLabelledAndImmutable() {
    List<ConfigMap> cms = Manifests.moreItems("work", "ns", 4, List.of("e", "f", "g", "h"),
        List.of("work-items-2", "work-items-3"), "--items-file");
    assertEquals(1, cms.size());
    ConfigMap cm = cms.get(0);
    assertEquals("work-items-2", cm.getMetadata().getName());
    assertEquals("ns", cm.getMetadata().getNamespace());
    assertEquals(Map.of("4", "e", "5", "f", "6", "g", "7", "h"), cm.getData());
    assertEquals(Boolean.TRUE, cm.getImmutable());
    assertEquals(Map.of(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY, Keys.ITEMS_JOB_LABEL, "work"),
        cm.getMetadata().getLabels());
  }

  @Test
  void moreItemsArePackedAsCreatePacksThem() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      items.add("y".repeat(600_000));
    }
    List<ConfigMap> cms = Manifests.moreItems("work", null, 10, items,
        List.of("work-items-1", "work-items-2", "work-items-3", "work-items-4"), "--items-file");
    assertEquals(List.of("work-items-1", "work-items-2", "work-items-3"),
        cms.stream().map(c -> c.getMetadata().getName()).toList());
    assertEquals(List.of("10"), List.copyOf(cms.get(0).getData().keySet()));
    assertEquals(List.of("12"), List.copyOf(cms.get(2).getData().keySet()));
  }

  @Test
  void moreItemsThanTheSparesHoldAreRefusedInOneLine() {
    List<String> items = List.of("z".repeat(600_000), "z".repeat(600_000));
    PluginException e = assertThrows(PluginException.class, () -> Manifests.moreItems("work", null, 5, items,
        List.of("work-items-8"), "--items-file"));
    assertEquals("--items-file: job/work has 1 spare item ConfigMap left, and these 2 items need 2 (each holds at"
        + " most " + Manifests.CONFIGMAP_STORED_MAX + " bytes as stored); item ConfigMaps cannot change and its pod"
        + " template names no others, so create a new Job for more items", e.getMessage());
    PluginException none = assertThrows(PluginException.class, () -> Manifests.moreItems("work", null, 5,
        List.of("a"), List.of(), "--items-file"));
    assertEquals("--items-file: job/work has no spare item ConfigMap left; item ConfigMaps cannot change and its"
        + " pod template names no others, so create a new Job for more items", none.getMessage());
  }
}
