package io.github.kubectlindexed.e2e;

import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.kubectlindexed.e2e.Testbed.client;
import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunAndBadInputE2E {

  /** A bare run is the tutorial, start to finish, with logs prefixed by index. */
  @Test
  void runTheTutorial() {
    String ns = Testbed.namespace("run");
    Proc.Result run = plugin(ns, "run", "--timeout=300s", "--quiet");
    assertEquals(0, run.exit(), run::toString);
    for (int i = 0; i < 5; i++) {
      String prefix = "[" + i + "] ";
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith(prefix) && l.contains("index=")),
          "logs of index " + i + " prefixed by it: " + run);
    }
    assertEquals("0-4", client().batch().v1().jobs().inNamespace(ns).withName("indexed-job").get().getStatus()
        .getCompletedIndexes());
  }

  /** run's exit code is that of the Job's outcome. */
  @Test
  void runOfAFailingJobExitsOne() {
    String ns = Testbed.namespace("runfail");
    Testbed.failIndex(ns, "bad", 1, 2, "always");
    Proc.Result run = plugin(ns, "run", "bad", "--image=docker.io/library/busybox", "--completions=3",
        "--backoff-limit-per-index=0", "--max-failed-indexes=0", "--timeout=300s", "--quiet", "--", "true");
    assertEquals(1, run.exit(), run::toString);
    Testbed.clearFailures(ns);
  }

  @Test
  void badInputLeavesTheNamespaceEmpty() {
    String ns = Testbed.namespace("bad");
    List<List<String>> bad = List.of(
        List.of("create", "Bad_Name", "--image=busybox", "--completions=2"),
        List.of("create", "x", "--image=busybox"),
        List.of("create", "x", "--image=busybox", "--items=a,b", "--completions=3"),
        List.of("create", "x", "--image=busybox", "--items=a", "--style=downward"),
        List.of("create", "x", "--image=busybox", "--completions=2", "--fail-index-on-exit-codes=3"),
        List.of("create", "x", "--image=busybox", "--completions=2", "--max-failed-indexes=1"),
        List.of("create", "x", "--image=busybox", "--completions=2", "--env=1X=y"),
        List.of("create", "x", "--image=busybox", "--completions=0"),
        List.of("create", "x", "--image=busybox", "--completions=2", "--input-path=relative"),
        List.of("run", "x", "--image=busybox", "--completions=2", "--timeout=5parsecs"),
        List.of("wait", "indexed-job", "--for=condition=ready"),
        List.of("logs", "indexed-job", "--index=3-1"));
    for (List<String> args : bad) {
      Proc.Result r = plugin(ns, args.get(0), args.subList(1, args.size()).toArray(String[]::new));
      assertEquals(2, r.exit(), args + ": " + r);
      assertEquals(1, r.err().lines().count(), "one line: " + args + ": " + r);
    }
    assertEquals(0, client().batch().v1().jobs().inNamespace(ns).list().getItems().size());
    assertEquals(0, client().configMaps().inNamespace(ns).withLabel("app.kubernetes.io/managed-by").list()
        .getItems().size());
    assertEquals(0, client().pods().inNamespace(ns).list().getItems().size());
  }
}
