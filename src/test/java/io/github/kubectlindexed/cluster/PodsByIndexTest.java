package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodsByIndexTest {
  MockCluster cluster;
  KubernetesClient client;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    client = cluster.client();
  }

  @AfterEach
  void tearDown() {
    client.close();
    cluster.close();
  }

  @Test
  void groupsAttemptsByIndexAndChoosesTheSucceededOneElseTheNewest() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("j", 3, 3, 2));
    String first = sim.start(1);
    sim.fail(1, 1);
    String second = sim.start(1);
    sim.succeed(1);
    String third = sim.start(2);
    sim.fail(2, 1);
    String fourth = sim.start(2);
    String uid = sim.uid();

    PodsByIndex p = PodsByIndex.list(client, "test", "j", uid);
    assertEquals(Set.of(1, 2), p.indexes());
    assertEquals(List.of(first, second), names(p.attempts(1)));
    assertEquals(second, p.chosen(1).getMetadata().getName(), "the succeeded attempt");
    assertEquals(fourth, p.chosen(2).getMetadata().getName(), "the newest attempt");
    assertEquals(List.of(third, fourth), names(p.attempts(2)));
    assertNull(p.chosen(0));
    assertTrue(cluster.requests("GET", "/api/v1/namespaces/test/pods?").stream()
        .allMatch(r -> r.path().contains("limit=500")), "listed in pages of 500");
  }

  @Test
  void fallsBackToTheIndexAnnotationOnOlderClusters() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("old", 2, 2, null));
    sim.annotationOnly = true;
    String pod = sim.start(1);
    PodsByIndex p = PodsByIndex.list(client, "test", "old", sim.uid());
    assertEquals(pod, p.chosen(1).getMetadata().getName());
  }

  @Test
  void ignoresPodsOfAnotherJobWithTheSameName() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("same", 1, 1, null));
    sim.start(0);
    assertTrue(PodsByIndex.list(client, "test", "same", "another-uid").indexes().isEmpty());
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(x -> x.getMetadata().getName()).toList();
  }
}
