package io.github.kubectlindexed.e2e;

import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An index that fails once and succeeds on its retry: two attempts of one index. */
class RetryE2E {

  @Test
  void retriedIndexShowsBothAttempts() {
    String ns = Testbed.namespace("retry");
    Testbed.failIndex(ns, "retry", 1, 7, "first");
    Proc.Result create = plugin(ns, "create", "retry", "--image=docker.io/library/busybox", "--completions=3",
        "--backoff-limit-per-index=1", "--", "true");
    assertEquals(0, create.exit(), create::toString);

    Proc.Result wait = plugin(ns, "wait", "retry", "--timeout=300s", "--quiet");
    assertEquals(0, wait.exit(), wait::toString);

    Proc.Result last = plugin(ns, "logs", "retry", "--index", "1");
    assertEquals(0, last.exit(), last::toString);
    assertTrue(last.out().contains("attempt=1"), "the succeeded attempt: " + last);
    assertFalse(last.out().contains("attempt=0"), last::toString);

    Proc.Result all = plugin(ns, "logs", "retry", "--index", "1", "--attempts", "all");
    assertEquals(0, all.exit(), all::toString);
    int first = all.out().indexOf("attempt=0");
    int second = all.out().indexOf("attempt=1");
    assertTrue(first >= 0 && second > first, "both attempts, oldest first: " + all);

    Proc.Result status = plugin(ns, "status", "retry");
    assertEquals(0, status.exit(), status::toString);
    String row1 = status.out().lines().filter(l -> l.matches("^\\s*1\\s.*")).findFirst().orElse("");
    assertTrue(row1.matches(".*Succeeded\\s+2\\s.*"), "index 1 succeeded after 2 attempts:\n" + status.out());
    Testbed.clearFailures(ns);
  }
}
