package io.github.kubectlindexed.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.github.kubectlindexed.PluginException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Item ConfigMaps are sized by what the API server stores: the JSON of every data entry plus the managedFields entry
 * per key (issue 12, section 1). The testbed proves the same cases for real in {@code e2e/ScaleE2E}.
 */
class ConfigMapSizingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MIB = 1024 * 1024;

  private static List<ConfigMap> build(List<String> items) {
    return Manifests.build(IndexedJobRequest.builder().name("work").image("busybox").style(Style.env)
        .items(items).itemsFlag("--items-file").build()).configMaps();
  }

  /** The ConfigMap as JSON plus what managedFields adds for its keys ({@code "f:KEY":{},}). */
  private static long stored(ConfigMap cm) throws Exception {
    long mf = 0;
    for (String k : cm.getData().keySet()) {
      mf += k.length() + 8;
    }
    return JSON.writeValueAsBytes(cm).length + mf;
  }

  private static void assertPacked(List<String> items, int maxConfigMaps) throws Exception {
    List<ConfigMap> cms = build(items);
    int next = 0;
    for (ConfigMap cm : cms) {
      long bytes = stored(cm);
      assertTrue(bytes < MIB - 8 * 1024, cm.getMetadata().getName() + ": " + bytes + " bytes as stored");
      for (Map.Entry<String, String> e : cm.getData().entrySet()) {
        assertEquals(Integer.toString(next), e.getKey());
        assertEquals(items.get(next), e.getValue());
        next++;
      }
    }
    assertEquals(items.size(), next);
    assertTrue(cms.size() <= maxConfigMaps, cms.size() + " ConfigMaps");
  }

  @Test
  void hundredThousandShortItemsCountTheirKeysTwice() throws Exception {
    List<String> items = new ArrayList<>();
    for (int i = 1; i <= 100_000; i++) {
      items.add(Integer.toString(i % 999_999 + 1));
    }
    // the old packing put 94,381 such keys in one ConfigMap: 1.68 MB as JSON, refused by etcd
    List<ConfigMap> cms = build(items);
    assertTrue(cms.get(0).getData().size() < 45_000, cms.get(0).getData().size() + " keys");
    assertPacked(items, 4);
  }

  @Test
  void hundredThousandEmptyItems() throws Exception {
    assertPacked(Collections.nCopies(100_000, ""), 3);
  }

  @Test
  void millionItems() throws Exception {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      items.add(Integer.toString(i));
    }
    assertPacked(items, 40);
  }

  @Test
  void tenThousandItemsOfOneKiB() throws Exception {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      items.add(String.format("%06d", i) + "x".repeat(1018));
    }
    assertPacked(items, 11);
  }

  @Test
  void escapedCharactersCountAsTheServerWritesThem() throws Exception {
    // 200,000 items of '<' are 200,000 data bytes but 6 bytes each as the server's JSON writes them (\u003c)
    assertPacked(Collections.nCopies(200_000, "<\"\\"), 20);
    assertEquals(6 + 2 + 2 + 1 + 2 + 3 + 4 + 6, Manifests.storedLength("<\"\\aé✓😀\u2028"));
    assertEquals(2 + 6, Manifests.storedLength("\t\u0001"));
  }

  @Test
  void oneItemOfAMillionBytesFitsInOneConfigMap() throws Exception {
    assertPacked(List.of("x".repeat(1_000_000)), 1);
    assertPacked(List.of("x".repeat(Manifests.ITEM_STORED_MAX)), 1);
  }

  @Test
  void anItemTooBigForAnyConfigMapIsOneTrueLine() {
    List<String> items = List.of("a", "x".repeat(Manifests.ITEM_STORED_MAX + 1));
    PluginException e = assertThrows(PluginException.class, () -> build(items));
    assertEquals("--items-file: item 1 needs " + (Manifests.ITEM_STORED_MAX + 1) + " bytes as stored (JSON-escaped);"
        + " one item must fit in one ConfigMap, which holds at most " + Manifests.ITEM_STORED_MAX + " bytes",
        e.getMessage());
    assertEquals(2, e.exitCode());
  }
}
