package io.github.kubectlindexed.e2e;

import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The apiserver restarts in the middle of a wait; the wait still returns the right outcome. */
class RestartE2E {

  @Test
  void waitSurvivesAnApiserverRestart() throws Exception {
    String ns = Testbed.namespace("restart");
    Proc.Result create = plugin(ns, "create", "long", "--image=docker.io/library/busybox", "--completions=8",
        "--parallelism=1", "--", "true");
    assertEquals(0, create.exit(), create::toString);

    Proc.Background wait = Testbed.start(ns, "wait", "long", "--timeout=300s", "--quiet");
    // restart once the wait is watching the Job: the apiserver's audit log shows the plugin's watch request
    Path audit = Testbed.runDir().resolve("audit.log");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      try (Stream<String> lines = Files.lines(audit)) {
        return lines.anyMatch(l -> l.contains("\"verb\":\"watch\"") && l.contains("/namespaces/" + ns + "/jobs")
            && l.contains("kubectl-indexed/"));
      }
    });
    Proc.Result restart = Testbed.exec(List.of(Testbed.ROOT.resolve("testbed/restart-apiserver").toString()),
        Map.of(), null, Duration.ofMinutes(3));
    assertEquals(0, restart.exit(), restart::toString);

    Proc.Result result = wait.await(Duration.ofMinutes(5));
    assertEquals(0, result.exit(), result::toString);
    assertEquals("0-7", Testbed.client().batch().v1().jobs().inNamespace(ns).withName("long").get().getStatus()
        .getCompletedIndexes());
  }
}
