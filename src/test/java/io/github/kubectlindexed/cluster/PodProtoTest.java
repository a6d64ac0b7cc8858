package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.wire.PodProto;

import io.github.kubectlindexed.manifest.Keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The protobuf reader against bodies a real kube-apiserver (v1.36.5, the testbed) sent for one Job's pods: an init
 * container, one index that failed with exit code 3 and was retried, and the same list in JSON. The fixtures are in
 * src/test/resources/proto (fx.pb and fx.json were fetched one after the other, with no change in between).
 */
class PodProtoTest {

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = PodProtoTest.class.getResourceAsStream("/proto/" + name)) {
      assertNotNull(in, name);
      return in.readAllBytes();
    }
  }

  @Test
  void protobufAndJsonOfTheSameListReadTheSame() throws IOException {
    PodList fromProto = PodProto.podList(fixture("fx.pb"));
    PodList fromJson = PodLister.readJson(fixture("fx.json"));
    assertEquals(4, fromProto.getItems().size());
    assertEquals(fromJson.getMetadata().getResourceVersion(), fromProto.getMetadata().getResourceVersion());
    Map<String, Pod> json = fromJson.getItems().stream()
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
    for (Pod p : fromProto.getItems()) {
      // fabric8's models compare field by field, nested objects included
      assertEquals(json.get(p.getMetadata().getName()), p, p.getMetadata().getName());
    }
  }

  @Test
  void aWatchedPodSlimmedEqualsAListedOne() throws IOException {
    String json = new String(fixture("fx.json"), java.nio.charset.StandardCharsets.UTF_8);
    List<Pod> whole = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
        .unmarshal(json, PodList.class).getItems();
    List<Pod> listed = PodLister.readJson(fixture("fx.json")).getItems();
    assertEquals(listed.size(), whole.size());
    for (int i = 0; i < whole.size(); i++) {
      assertTrue(!whole.get(i).getMetadata().getManagedFields().isEmpty(), "the fixture carries managedFields");
      assertEquals(listed.get(i), PodLister.slim(whole.get(i)));
    }
    assertNull(PodLister.slim(null));
  }

  @Test
  void readsWhatTheCommandsLookAt() throws IOException {
    List<Pod> pods = PodProto.podList(fixture("fx.pb")).getItems();
    PodsByIndex byIndex = PodsByIndex.of(pods, pods.get(0).getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals(2, byIndex.attempts(1).size());
    Pod failed = byIndex.attempts(1).get(0);
    assertEquals("Failed", failed.getStatus().getPhase());
    assertEquals(3, failed.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());
    assertEquals("Succeeded", byIndex.chosen(1).getStatus().getPhase());
    assertEquals("input", failed.getSpec().getInitContainers().get(0).getName());
    assertEquals("input", failed.getStatus().getInitContainerStatuses().get(0).getName());
    assertEquals("kwok-node-0", failed.getSpec().getNodeName());
    assertTrue(failed.getMetadata().getCreationTimestamp().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    // what no command reads is not kept
    assertTrue(failed.getMetadata().getManagedFields().isEmpty());
    assertTrue(failed.getSpec().getVolumes().isEmpty());
    assertNull(failed.getSpec().getContainers().get(0).getImage());
  }

  @Test
  void podsStillStartingRead() throws IOException {
    List<Pod> pods = PodProto.podList(fixture("fx-early.pb")).getItems();
    assertEquals(3, pods.size());
    for (Pod p : pods) {
      assertNotNull(p.getStatus().getPhase(), p.getMetadata().getName());
      assertNotNull(p.getMetadata().getLabels().get(Keys.INDEX_KEY));
    }
  }

  @Test
  void theContinueTokenIsReadFromTheFirstBytes() throws IOException {
    byte[] page = fixture("fx-page1.pb");
    String token = new String(fixture("fx-page1.continue")).strip();
    ListMeta early = PodProto.listMetaPrefix(page, 300);
    assertNotNull(early);
    assertEquals(token, early.getContinue());
    assertEquals(PodProto.podList(page).getMetadata(), early);
    assertNull(PodProto.listMetaPrefix(page, 20), "too few bytes for the metadata");
    assertNull(PodProto.listMetaPrefix(page, 2), "too few bytes for the envelope");
    assertNull(PodProto.listMetaPrefix("{\"kind\":\"PodList\"}".getBytes(), 18), "not protobuf");
  }

  @Test
  void aStatusReads() throws IOException {
    Status s = PodProto.status(fixture("bad.pb"));
    assertEquals(400, s.getCode());
    assertEquals("BadRequest", s.getReason());
    assertTrue(s.getMessage().startsWith("unable to parse requirement"), s.getMessage());
  }

  @Test
  void brokenBodiesAreRefusedNotMisread() throws IOException {
    byte[] page = fixture("fx.pb");
    assertThrows(IllegalArgumentException.class, () -> PodProto.podList(Arrays.copyOf(page, page.length - 7)));
    byte[] wrongMagic = page.clone();
    wrongMagic[0] = '{';
    assertThrows(IllegalArgumentException.class, () -> PodProto.podList(wrongMagic));
    assertThrows(IllegalArgumentException.class, () -> PodProto.podList(new byte[] {0x6b, 0x38}));
  }
}
