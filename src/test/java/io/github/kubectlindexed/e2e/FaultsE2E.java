package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Faults at chosen moments (issue 16, sections 1-4): real signals to the plugin's process and
 * {@code testbed/restart-apiserver} while commands run. Each moment is an observed state, never a sleep.
 */
class FaultsE2E {
  private static final String ITEMS_LABEL = "kubectl-indexed.io/job-name";
  /**
   * How long a Job may take to finish on a testbed whose apiserver was restarted (here or by an earlier case): the
   * Job controller waits up to 5 minutes for a pod event it missed before it syncs the Job again.
   */
  private static final Duration AFTER_A_RESTART = Duration.ofMinutes(10);

  private final List<String> namespaces = new ArrayList<>();

  /** A namespace of this case's own, deleted after it. */
  private String namespace(String prefix) {
    String ns = Testbed.namespace(prefix);
    namespaces.add(ns);
    return ns;
  }

  /**
   * The create cases leave Jobs of 20,000 completions running; left alone they keep the testbed's controllers busy
   * for the classes that run after this one (they slowed every later Job several times over), so each case's
   * namespace goes with it.
   */
  @AfterEach
  void deleteNamespaces() {
    for (String ns : namespaces) {
      Testbed.client().namespaces().withName(ns).delete();
    }
  }

  /** The run dir of this testbed (the kubeconfig's folder), for its audit log and restart script. */
  private static Path runDir() {
    return Testbed.kubeconfig().getParent();
  }

  private static void restartApiserver() {
    Proc.Result r = Testbed.exec(List.of(Testbed.ROOT.resolve("testbed/restart-apiserver").toString()),
        Map.of("TESTBED_RUN_DIR", runDir().toString()), null, Duration.ofMinutes(3));
    assertEquals(0, r.exit(), r::toString);
  }

  private static void signal(Process p, String sig) {
    Proc.Result r = Testbed.exec(List.of("kill", "-" + sig, Long.toString(p.pid())), Map.of(), null,
        Duration.ofSeconds(10));
    assertEquals(0, r.exit(), r::toString);
  }

  private static Path items(int count) throws Exception {
    Path file = Files.createTempFile("items", ".txt");
    String pad = "x".repeat(100);
    Files.write(file, IntStream.range(0, count).mapToObj(i -> String.format("%08d-%s", i, pad)).toList());
    return file;
  }

  private static List<ConfigMap> itemMaps(String ns, String job) {
    return Testbed.client().configMaps().inNamespace(ns).withLabel(ITEMS_LABEL, job).list().getItems();
  }

  private static Job job(String ns, String name) {
    return Testbed.client().batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  /**
   * What a create left must be what it said: a Job only when announced (created, or named with the command that
   * deletes it), and every ConfigMap either owned by that Job or named in the account.
   */
  private static void assertNothingUnsaid(String ns, String name, Proc.Result r) {
    String said = r.out() + r.err();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Job j = job(ns, name);
      boolean jobGoing = j != null && j.getMetadata().getDeletionTimestamp() == null;
      if (jobGoing) {
        assertTrue(said.contains("job.batch/" + name), "a Job was left without a word:\n" + r);
      }
      for (ConfigMap cm : itemMaps(ns, name)) {
        if (cm.getMetadata().getDeletionTimestamp() != null) {
          continue;
        }
        boolean owned = jobGoing && cm.getMetadata().getOwnerReferences() != null
            && cm.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> o.getUid().equals(j.getMetadata().getUid()));
        assertTrue(owned || said.contains("configmap/" + cm.getMetadata().getName()),
            "configmap/" + cm.getMetadata().getName() + " is neither owned nor named:\n" + r);
      }
    });
    assertNoErrorBody(r);
    assertFalse(r.err().contains("Exception") || r.err().contains("An error has occurred"), r::toString);
  }

  private static void assertNoErrorBody(Proc.Result r) {
    for (String line : r.out().split("\n")) {
      assertFalse(line.contains("\"kind\":\"Status\""), () -> "an API error body printed as output:\n" + r);
    }
  }

  @Test
  void anInterruptedCreateLeavesNothingUnsaid() throws Exception {
    String ns = namespace("faults-int");
    Path items = items(20_000);
    // SIGINT and SIGTERM, at two moments: the first ConfigMap exists; the Job exists
    String[][] cases = {{"INT", "cm"}, {"TERM", "cm"}, {"INT", "job"}, {"TERM", "job"}, {"INT", "cm"}};
    int n = 0;
    for (String[] c : cases) {
      String name = "cx" + n++;
      Proc.Background create = Testbed.start(ns, "create", name, "--image=docker.io/library/busybox",
          "--items-file=" + items, "--items-mode=configmap", "--parallelism=1", "--", "cat", "/input/data.txt");
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
          !create.process().isAlive() || (c[1].equals("cm") ? !itemMaps(ns, name).isEmpty() : job(ns, name) != null));
      signal(create.process(), c[0]);
      Proc.Result r = create.await(Duration.ofMinutes(2));
      if (r.exit() != 0) {
        assertEquals(c[0].equals("INT") ? 130 : 143, r.exit(), r::toString);
        assertTrue(r.err().contains("interrupted"), r::toString);
      }
      assertNothingUnsaid(ns, name, r);
    }
  }

  @Test
  void aCreateThroughAnApiserverRestartFinishesOrSaysWhatIsLeft() throws Exception {
    String ns = namespace("faults-cre");
    Path items = items(20_000);
    for (int n = 0; n < 2; n++) {
      String name = "cr" + n;
      Proc.Background create = Testbed.start(ns, "create", name, "--image=docker.io/library/busybox",
          "--items-file=" + items, "--items-mode=configmap", "--parallelism=1", "--", "cat", "/input/data.txt");
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
          !create.process().isAlive() || !itemMaps(ns, name).isEmpty());
      restartApiserver();
      Proc.Result r = create.await(Duration.ofMinutes(3));
      // a short outage is ridden out: the create finishes
      assertEquals(0, r.exit(), r::toString);
      assertTrue(r.out().contains("job.batch/" + name + " created"), r::toString);
      assertNothingUnsaid(ns, name, r);
    }
  }

  @Test
  void logsNeverPrintAnErrorBodyAcrossARestart() throws Exception {
    String ns = namespace("faults-log");
    for (int n = 0; n < 2; n++) {
      String name = "rs" + n;
      Proc.Background run = Testbed.start(ns, "run", name, "--image=docker.io/library/busybox",
          "--completions=20", "--parallelism=1", "--quiet", "--", "echo");
      await().atMost(Duration.ofSeconds(60)).until(() -> job(ns, name) != null);
      Proc.Background follow = Testbed.start(ns, "logs", name, "-f");
      // a few indexes in: two pods have succeeded
      await().atMost(AFTER_A_RESTART).pollInterval(Duration.ofMillis(100)).until(() -> {
        Job j = job(ns, name);
        return j != null && j.getStatus() != null && j.getStatus().getSucceeded() != null
            && j.getStatus().getSucceeded() >= 2;
      });
      restartApiserver();
      // bounds, not timings: a pod event the Job controller missed across the restart holds the Job until its
      // expectations expire (5 minutes), so the Job can take that much longer to finish
      Proc.Result ran = run.await(AFTER_A_RESTART);
      Proc.Result followed = follow.await(AFTER_A_RESTART);
      assertNoErrorBody(ran);
      assertNoErrorBody(followed);
      for (Proc.Result r : List.of(ran, followed)) {
        List<Integer> missing = IntStream.range(0, 20)
            .filter(i -> !r.out().contains("[" + i + "] ")).boxed().toList();
        if (r.exit() == 0) {
          assertEquals(List.of(), missing, () -> "exit 0 with indexes not delivered:\n" + r);
        } else {
          assertEquals(4, r.exit(), r::toString);
          for (int i : missing) {
            assertTrue(r.err().contains("index " + i), () -> "index " + i + " not named:\n" + r);
          }
        }
      }
    }
  }

  @Test
  void logsFollowEndsSoonAfterTheJobInEveryStartOrder() throws Exception {
    String ns = namespace("faults-f");
    // before: at once after create; during: after the first pod succeeded; after: once the Job is Complete
    for (String order : List.of("before", "during", "after", "during", "during")) {
      String name = "lf-" + order + "-" + Long.toString(System.nanoTime() % 100000);
      Proc.Result create = plugin(ns, "create", name, "--image=docker.io/library/busybox", "--completions=6",
          "--parallelism=1", "--", "echo");
      assertEquals(0, create.exit(), create::toString);
      if (order.equals("during")) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
          Job j = job(ns, name);
          return j.getStatus() != null && j.getStatus().getSucceeded() != null && j.getStatus().getSucceeded() >= 1;
        });
      } else if (order.equals("after")) {
        await().atMost(AFTER_A_RESTART).until(() -> complete(job(ns, name)));
      }
      Proc.Background follow = Testbed.start(ns, "logs", name, "-f");
      await().atMost(AFTER_A_RESTART).pollInterval(Duration.ofMillis(100))
          .until(() -> complete(job(ns, name)) || !follow.process().isAlive());
      if (!follow.process().waitFor(10, TimeUnit.SECONDS)) {
        follow.process().destroyForcibly();
        fail("logs -f (started " + order + ") still running 10 s after the Job completed");
      }
      Proc.Result r = follow.await(Duration.ofSeconds(5));
      assertEquals(0, r.exit(), r::toString);
      for (int i = 0; i < 6; i++) {
        assertTrue(r.out().contains("[" + i + "] "), "index " + i + " missing (" + order + "):\n" + r);
      }
    }
  }

  private static boolean complete(Job j) {
    return j != null && j.getStatus() != null && j.getStatus().getConditions() != null
        && j.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True"));
  }

  @Test
  void statusWatchSurvivesAnApiserverRestart() throws Exception {
    String ns = namespace("faults-sw");
    for (int n = 0; n < 2; n++) {
      String name = "sw" + n;
      Proc.Result create = plugin(ns, "create", name, "--image=docker.io/library/busybox", "--completions=8",
          "--parallelism=1", "--", "true");
      assertEquals(0, create.exit(), create::toString);
      Proc.Background watch = Testbed.start(ns, "status", name, "-w");
      Path audit = runDir().resolve("audit.log");
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        try (Stream<String> lines = Files.lines(audit)) {
          // this Job's watch (the namespace alone also matches the previous round's Job, and a restart before
          // this status -w was ever answered is said at once, by design)
          return lines.anyMatch(l -> l.contains("\"verb\":\"watch\"") && l.contains("/namespaces/" + ns + "/jobs")
              && l.contains("metadata.name%3D" + name) && l.contains("kubectl-indexed/"));
        }
      });
      restartApiserver();
      Proc.Result r = watch.await(AFTER_A_RESTART);
      assertEquals(0, r.exit(), r::toString);
      assertTrue(complete(job(ns, name)), r::toString);
      List<String> last = new ArrayList<>(List.of(r.out().split("\n")));
      assertTrue(last.stream().anyMatch(l -> l.contains("Complete")), r::toString);
      assertFalse(r.err().contains("cannot reach the cluster"), r::toString);
    }
  }
}
