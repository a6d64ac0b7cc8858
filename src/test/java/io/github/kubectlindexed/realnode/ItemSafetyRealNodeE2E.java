package io.github.kubectlindexed.realnode;

import io.fabric8.kubernetes.api.model.Pod;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.github.kubectlindexed.realnode.RealNode.BUSYBOX;
import static io.github.kubectlindexed.realnode.RealNode.indexed;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scenario 3: hostile items go through the real kubelet ($(VAR) expansion of the command) and a real bash (the
 * init container), inline and through ConfigMaps; each pod prints its item byte for byte.
 */
class ItemSafetyRealNodeE2E {

  static final List<String> ITEMS = List.of(
      "$(echo pwned)",
      "$$",
      "`echo pwned`",
      "it's",
      "say \"hi\"",
      "first line\nsecond line",
      "trailing backslash\\",
      "$(JOB_COMPLETION_INDEX)",
      "ünïcödé ✓ 日本",
      "",
      "-n",
      "-e \\n $HOME ${PATH} * ? [a] ~ ; | & > < #",
      "  spaces and\ttab  ",
      "$$(JOB_COMPLETION_INDEX) '$(x)' \"$(y)\" \\$(z)");

  @ParameterizedTest
  @ValueSource(strings = {"inline", "configmap"})
  void eachPodPrintsItsItemByteForByte(String mode) {
    String ns = RealNode.namespace("safety-" + mode);
    List<String> args = new ArrayList<>(List.of("hostile", "--image=" + BUSYBOX, "--items-mode=" + mode,
        "--parallelism=" + ITEMS.size()));
    for (String item : ITEMS) {
      args.add("--item=" + item);
    }
    args.addAll(List.of("--", "cat", "/input/data.txt"));
    Proc.Result create = indexed(ns, "create", args.toArray(String[]::new));
    assertEquals(0, create.exit(), create::toString);
    TutorialRealNodeE2E.assertWaitOk(ns, "hostile");

    for (int i = 0; i < ITEMS.size(); i++) {
      String want = ITEMS.get(i) + "\n"; // the init container writes the item and a newline
      List<Pod> pods = RealNode.pods(ns, "hostile", i);
      assertEquals(1, pods.size(), "index " + i + " ran once");
      String pod = pods.get(0).getMetadata().getName();
      assertEquals(want, RealNode.kubectlLogs(ns, pod, "worker"), mode + " item " + i + " through the real pod");

      Proc.Result logs = indexed(ns, "logs", "hostile", "--index", Integer.toString(i));
      assertEquals(0, logs.exit(), logs::toString);
      assertEquals(want, logs.out(), mode + " item " + i + " through kubectl indexed logs");
    }
  }
}
