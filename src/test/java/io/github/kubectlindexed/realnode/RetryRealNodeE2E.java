package io.github.kubectlindexed.realnode;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.github.kubectlindexed.realnode.RealNode.BUSYBOX;
import static io.github.kubectlindexed.realnode.RealNode.client;
import static io.github.kubectlindexed.realnode.RealNode.indexed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 on real containers: a worker prints its index and its item; two indexes fail for good in the original
 * Job only; {@code retry} re-runs them, and in each style the retried pods print the ORIGINAL index and item, byte
 * for byte, through the kubelet ({@code kubectl logs}) and through the chain ({@code kubectl indexed logs NAME}).
 */
class RetryRealNodeE2E {
  /** Hostile-ish items: spaces, a tab, quotes, {@code $(x)}, a newline; the failing ones are the hostile ones. */
  static final List<String> ITEMS = List.of(
      "plain",
      "two  spaces $(x) and\na second line",
      "it's \"quoted\"",
      "$(JOB_COMPLETION_INDEX) `echo pwned` $HOME $$",
      "ünïcödé\ttab");
  static final int[] FAILING = {1, 3};

  /**
   * The worker: prints {@code index=<JOB_COMPLETION_INDEX> item=<the file named by $1>} and nothing else, then
   * exits 1 for the FAILING indexes unless its hostname (the Job's name and the index) says it is a retry's pod.
   * The script has no {@code $(}, so the kubelet leaves it alone; the file name is the command's next argument.
   */
  static String script(String job, boolean fileEndsWithNewline) {
    return "printf 'index=%s item=' \"$JOB_COMPLETION_INDEX\"; cat \"$1\"" + (fileEndsWithNewline ? "" : "; echo")
        + "\ncase `hostname` in " + job + "-retry-*) exit 0 ;; esac"
        + "\ncase \"$JOB_COMPLETION_INDEX\" in 1|3) exit 1 ;; esac\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"env", "init-inline", "init-configmap", "downward"})
  void retriedPodsPrintTheOriginalIndexAndItem(String mode) {
    String style = mode.startsWith("init") ? "init" : mode;
    String job = "rw-" + mode;
    String ns = RealNode.namespace("retry-" + mode);
    List<String> args = new ArrayList<>(List.of(job, "--image=" + BUSYBOX, "--style=" + style,
        "--parallelism=5", "--backoff-limit-per-index=0"));
    List<String> want = new ArrayList<>();
    if (style.equals("downward")) {
      args.add("--completions=" + ITEMS.size());
      for (int i = 0; i < ITEMS.size(); i++) {
        want.add("index=" + i + " item=" + i + "\n"); // the downward file is the index itself, no newline
      }
    } else {
      for (String item : ITEMS) {
        args.add("--item=" + item);
      }
      if (!style.equals("env")) {
        args.add("--items-mode=" + mode.substring("init-".length()));
      }
      for (int i = 0; i < ITEMS.size(); i++) {
        want.add("index=" + i + " item=" + ITEMS.get(i) + "\n");
      }
    }
    // env: the item file is named through the kubelet's $(JOB_COMPLETION_INDEX) in the command, which the retry's
    // wrapper must fill with the original index; init and downward: the input file
    String file = style.equals("env") ? "/items/$(JOB_COMPLETION_INDEX)" : "/input/data.txt";
    args.addAll(List.of("--", "sh", "-c", script(job, style.equals("init")), "worker", file));
    Proc.Result create = indexed(ns, "create", args.toArray(String[]::new));
    assertEquals(0, create.exit(), create::toString);

    Proc.Result failed = indexed(ns, "wait", job, "--timeout=300s", "--quiet");
    assertEquals(1, failed.exit(), () -> failed + "\n" + TutorialRealNodeE2E.diagnose(ns, job));
    Job original = client().batch().v1().jobs().inNamespace(ns).withName(job).get();
    assertEquals("1,3", original.getStatus().getFailedIndexes(), () -> mode + ": " + original.getStatus());
    assertEquals("0,2,4", original.getStatus().getCompletedIndexes());
    for (int i = 0; i < ITEMS.size(); i++) {
      List<Pod> pods = RealNode.pods(ns, job, i);
      assertEquals(1, pods.size(), "index " + i + " ran once in the original");
      boolean failing = i == FAILING[0] || i == FAILING[1];
      assertEquals(failing ? 1 : 0, exitCode(pods.get(0)), "index " + i + "'s real exit code");
      assertEquals(want.get(i), RealNode.kubectlLogs(ns, pods.get(0).getMetadata().getName(), "worker"),
          mode + ": the original pod of index " + i + " printed its index and item");
    }
    Proc.Result failedSet = indexed(ns, "status", job, "--failed-set");
    assertEquals(0, failedSet.exit(), failedSet::toString);
    assertEquals("1,3\n", failedSet.out());

    Proc.Result retry = indexed(ns, "retry", job);
    assertEquals(0, retry.exit(), retry::toString);
    String retryJob = job + "-retry-1";
    // the ConfigMap items are copied into the retry's own ConfigMap, created before its Job
    String madeItems = style.equals("downward") || mode.equals("init-inline") ? ""
        : "configmap/" + retryJob + "-items-0 created\n";
    assertEquals(madeItems + "job.batch/" + retryJob + " created\n", retry.out(), retry::toString);
    Job r = client().batch().v1().jobs().inNamespace(ns).withName(retryJob).get();
    assertEquals(2, r.getSpec().getCompletions());
    assertEquals("1,3", r.getMetadata().getAnnotations().get("kubectl-indexed.io/index-map"));

    Proc.Result done = indexed(ns, "wait", retryJob, "--no-chain", "--timeout=300s", "--quiet");
    assertEquals(0, done.exit(), () -> done + "\n" + TutorialRealNodeE2E.diagnose(ns, retryJob));

    // the retry's pods, read through the kubelet: new index j printed original index FAILING[j] and its item
    for (int j = 0; j < FAILING.length; j++) {
      List<Pod> pods = RealNode.pods(ns, retryJob, j);
      assertEquals(1, pods.size(), "new index " + j + " ran once in the retry");
      assertEquals(0, exitCode(pods.get(0)));
      assertEquals(RealNode.NODE, pods.get(0).getSpec().getNodeName());
      assertEquals(want.get(FAILING[j]), RealNode.kubectlLogs(ns, pods.get(0).getMetadata().getName(), "worker"),
          mode + ": the retry's pod with new index " + j + " printed original index " + FAILING[j] + " and its item");
    }
    // the retry Job alone: its own indexes 0 and 1, each line the original's
    Proc.Result own = indexed(ns, "logs", retryJob, "--no-chain");
    assertEquals(0, own.exit(), own::toString);
    assertEquals(prefixed(0, want.get(FAILING[0])) + prefixed(1, want.get(FAILING[1])), own.out(), own::toString);

    // through the chain: every original index once, the failed ones from the retry, byte for byte
    for (int i = 0; i < ITEMS.size(); i++) {
      Proc.Result logs = indexed(ns, "logs", job, "--index", Integer.toString(i));
      assertEquals(0, logs.exit(), logs::toString);
      assertEquals(want.get(i), logs.out(), mode + ": logs " + job + " --index " + i + " through the chain");
      assertTrue(logs.err().contains("following the retry chain of job/" + job), logs::toString);
    }
    Proc.Result all = indexed(ns, "logs", job);
    assertEquals(0, all.exit(), all::toString);
    StringBuilder whole = new StringBuilder();
    for (int i = 0; i < ITEMS.size(); i++) {
      whole.append(prefixed(i, want.get(i)));
    }
    assertEquals(whole.toString(), all.out(), mode + ": logs " + job + " through the chain");

    Proc.Result chainWait = indexed(ns, "wait", job, "--timeout=60s", "--quiet");
    assertEquals(0, chainWait.exit(), chainWait::toString);
  }

  /** {@code text} as the plugin prints it for index {@code i} among several: {@code [i] } before each line. */
  static String prefixed(int i, String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
      sb.append('[').append(i).append("] ").append(line).append('\n');
    }
    return sb.toString();
  }

  static int exitCode(Pod pod) {
    ContainerStateTerminated t = pod.getStatus().getContainerStatuses().stream()
        .filter(c -> c.getName().equals("worker")).findFirst().orElseThrow().getState().getTerminated();
    assertTrue(t != null, pod.getMetadata().getName() + " ended");
    return t.getExitCode();
  }
}
