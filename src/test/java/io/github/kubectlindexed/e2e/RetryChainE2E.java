package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 100-index Job with 5 failing indexes, retried as a linked Job; status and wait follow the chain. */
class RetryChainE2E {
  static final int[] FAILING = {7, 23, 41, 66, 90};

  @Test
  void fiveFailedIndexesAreRetriedAndTheChainSucceeds() {
    String ns = Testbed.namespace("chain");
    for (int i : FAILING) {
      Testbed.failIndex(ns, "big", i, 3, "always");
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      items.add("item-" + i);
    }
    Proc.Result create = plugin(ns, "create", "big", "--image=docker.io/library/busybox", "--items",
        String.join(",", items), "--items-mode", "configmap", "--parallelism=50", "--backoff-limit-per-index=0",
        "--", "cat", "/input/data.txt");
    assertEquals(0, create.exit(), create::toString);

    Proc.Result failed = plugin(ns, "wait", "big", "--timeout=300s", "--quiet");
    assertEquals(1, failed.exit(), failed::toString);
    Proc.Result failedSet = plugin(ns, "status", "big", "--failed-set");
    assertEquals(0, failedSet.exit(), failedSet::toString);
    assertEquals("7,23,41,66,90\n", failedSet.out());

    Proc.Result retry = plugin(ns, "retry", "big");
    assertEquals(0, retry.exit(), retry::toString);
    assertTrue(retry.out().contains("job.batch/big-retry-1 created"), retry::toString);

    Job r = Testbed.client().batch().v1().jobs().inNamespace(ns).withName("big-retry-1").get();
    assertEquals(5, r.getSpec().getCompletions());
    assertEquals("7,23,41,66,90", r.getMetadata().getAnnotations().get("kubectl-indexed.io/index-map"));
    assertEquals("big", r.getMetadata().getLabels().get("kubectl-indexed.io/retry-of"));
    assertTrue(r.getMetadata().getOwnerReferences() == null || r.getMetadata().getOwnerReferences().isEmpty());
    Map<String, String> data = new java.util.TreeMap<>();
    for (ConfigMap cm : Testbed.client().configMaps().inNamespace(ns)
        .withLabel("kubectl-indexed.io/job-name", "big-retry-1").list().getItems()) {
      data.putAll(cm.getData());
    }
    assertEquals(Map.of("7", "item-7", "23", "item-23", "41", "item-41", "66", "item-66", "90", "item-90"), data,
        "exactly those 5 items, under their original index");

    Proc.Result running = plugin(ns, "retry", "big");
    if (running.exit() != 0) { // the retry may already have finished on a fast testbed
      assertEquals(2, running.exit(), running::toString);
    }
    Proc.Result done = plugin(ns, "wait", "big-retry-1", "--no-chain", "--timeout=300s", "--quiet");
    assertEquals(0, done.exit(), done::toString);

    Proc.Result status = plugin(ns, "status", "big");
    assertEquals(0, status.exit(), status::toString);
    assertTrue(status.err().contains("following the retry chain of job/big: big, big-retry-1"), status::toString);
    Set<Integer> seen = new TreeSet<>();
    for (String line : status.out().lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 2 && f[0].matches("\\d+")) {
        int i = Integer.parseInt(f[0]);
        assertTrue(seen.add(i), "index " + i + " once");
        assertEquals("Succeeded", f[2], line);
        boolean retried = java.util.Arrays.stream(FAILING).anyMatch(x -> x == i);
        assertEquals(retried, line.contains("Succeeded (retry-1)"), line);
      }
    }
    assertEquals(100, seen.size(), status.out());
    assertTrue(status.out().contains("100/100 succeeded"), status.out());

    Proc.Result chainWait = plugin(ns, "wait", "big", "--timeout=60s", "--quiet");
    assertEquals(0, chainWait.exit(), chainWait::toString);
    assertEquals("job.batch/big condition met\n", chainWait.out());
    Proc.Result oneJob = plugin(ns, "wait", "big", "--no-chain", "--timeout=60s", "--quiet");
    assertEquals(1, oneJob.exit(), oneJob::toString);

    Proc.Result logs = plugin(ns, "logs", "big", "--index", "7");
    assertEquals(0, logs.exit(), logs::toString);
    assertTrue(logs.err().contains("following the retry chain"), logs::toString);
    Proc.Result own = plugin(ns, "logs", "big", "--index", "7", "--no-chain");
    assertTrue(!logs.out().equals(own.out()) || logs.out().isEmpty(), "the retry's attempt speaks for index 7:\n"
        + logs + "\n" + own);

    Proc.Result list = plugin(ns, "list");
    assertTrue(list.out().contains("Complete (retry-1 of big)"), list::toString);

    Proc.Result del = plugin(ns, "delete", "big");
    assertEquals(0, del.exit(), del::toString);
    assertTrue(del.err().contains("its retry remains: big-retry-1"), del::toString);
    assertTrue(Testbed.client().batch().v1().jobs().inNamespace(ns).withName("big-retry-1").get() != null);
    Testbed.clearFailures(ns);
  }
}
