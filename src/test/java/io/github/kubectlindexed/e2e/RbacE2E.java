package io.github.kubectlindexed.e2e;

import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Users with narrow rights (issue 12, section 5): ServiceAccount-token kubeconfigs bound to Roles that may read but not
 * write (reader), may do everything but read pods/log (nolog), or may not touch ConfigMaps at all (nocm). Every
 * command a user may not complete gives one line (which step was refused) and exit 4, and leaves the namespace as it
 * was: nothing half-made, nothing half-deleted.
 */
class RbacE2E {
  private static String ns;
  private static final String ADMIN_JOB = "work";

  @BeforeAll
  static void setUp() throws IOException {
    ns = Testbed.namespace("rbac");
    role("reader", "jobs", "get,list,watch", "pods,pods/log,configmaps", "get,list,watch");
    role("nolog", "jobs", "get,list,watch,create,delete,patch,update", "pods,configmaps",
        "get,list,watch,create,delete,patch,update");
    role("nocm", "jobs", "get,list,watch,create,delete,patch,update", "pods,pods/log", "get,list,watch");
    Proc.Result r = Testbed.plugin(ns, "create", ADMIN_JOB, "--image=docker.io/library/busybox",
        "--items=a,b,c", "--items-mode=configmap", "--", "cat", "/input/data.txt");
    assertEquals(0, r.exit(), r::toString);
    Proc.Result w = Testbed.plugin(ns, "wait", ADMIN_JOB, "--timeout=120s", "--quiet");
    assertEquals(0, w.exit(), w::toString);
  }

  private static void kubectlOk(String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + Testbed.kubeconfig(), "-n", ns));
    all.addAll(List.of(args));
    Proc.Result r = Testbed.kubectl(Map.of(), all.toArray(new String[0]));
    if (r.exit() != 0) {
      fail("kubectl " + all + ": " + r);
    }
  }

  /** A ServiceAccount {@code sa} with a Role: {@code verbs1} on batch {@code res1}, {@code verbs2} on core {@code res2}. */
  private static void role(String sa, String res1, String verbs1, String res2, String verbs2) {
    kubectlOk("create", "serviceaccount", sa);
    kubectlOk("create", "role", sa + "-batch", "--verb=" + verbs1, "--resource=" + res1 + ".batch");
    kubectlOk("create", "role", sa + "-core", "--verb=" + verbs2, "--resource=" + res2);
    kubectlOk("create", "rolebinding", sa + "-batch", "--role=" + sa + "-batch", "--serviceaccount=" + ns + ":" + sa);
    kubectlOk("create", "rolebinding", sa + "-core", "--role=" + sa + "-core", "--serviceaccount=" + ns + ":" + sa);
  }

  /** A kubeconfig of the testbed's server and CA with only the ServiceAccount's token. */
  private static Path kubeconfigOf(String sa) throws IOException {
    Proc.Result token = Testbed.kubectl(Map.of(), "--kubeconfig=" + Testbed.kubeconfig(), "-n", ns, "create",
        "token", sa, "--duration=1h");
    assertEquals(0, token.exit(), token::toString);
    Path k = Files.createTempFile("kubeconfig-" + sa, ".yaml");
    Files.copy(Testbed.kubeconfig(), k, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    for (List<String> args : List.of(List.of("config", "set-credentials", sa, "--token=" + token.out().trim()),
        List.of("config", "set-context", "--current", "--user=" + sa, "--namespace=" + ns))) {
      List<String> all = new ArrayList<>(List.of("--kubeconfig=" + k));
      all.addAll(args);
      Proc.Result r = Testbed.kubectl(Map.of(), all.toArray(new String[0]));
      assertEquals(0, r.exit(), r::toString);
    }
    // a ServiceAccount made a moment ago may not authenticate yet (401 until the apiserver's cache has it)
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(
        () -> Testbed.kubectl(Map.of(), "--kubeconfig=" + k, "auth", "whoami").exit() == 0);
    String text = Files.readString(k);
    assertFalse(text.contains("client-key-data") && text.contains("user: " + sa + "\n    client"), "token only");
    return k;
  }

  /**
   * The plugin as the ServiceAccount: {@code --kubeconfig} goes right after the subcommand, since everything after a
   * {@code --} is the container's command (appended last, it became part of {@code cat}'s arguments, and the plugin
   * then read no kubeconfig at all, which is why two cases failed as "cannot reach the cluster").
   */
  private static Proc.Result as(Path kubeconfig, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Testbed.PLUGIN.toString(), args[0], "--kubeconfig=" + kubeconfig));
    cmd.addAll(List.of(args).subList(1, args.length));
    return Testbed.exec(cmd, Map.of(), null, Duration.ofMinutes(2));
  }

  /** The namespace's Jobs and ConfigMaps, by name. */
  private static TreeSet<String> objects() {
    TreeSet<String> names = new TreeSet<>();
    Testbed.client().batch().v1().jobs().inNamespace(ns).list().getItems()
        .forEach(j -> names.add("job/" + j.getMetadata().getName()));
    Testbed.client().configMaps().inNamespace(ns).list().getItems()
        .forEach(c -> names.add("configmap/" + c.getMetadata().getName()));
    return names;
  }

  private static void refused(Path kubeconfig, String step, String... args) {
    TreeSet<String> before = objects();
    Proc.Result r = as(kubeconfig, args);
    assertEquals(4, r.exit(), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(r.err().startsWith("error: ") && r.err().contains(step) && r.err().contains("is forbidden"),
        r::toString);
    assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), r::toString);
    assertEquals(before, objects(), "nothing half-made or half-deleted by " + List.of(args));
  }

  @Test
  void aReadOnlyUserIsRefusedEveryWriteWithOneLineAndNothingChanges() throws IOException {
    Path k = kubeconfigOf("reader");
    refused(k, "nothing was deleted", "delete", ADMIN_JOB);
    refused(k, "configmaps", "create", "new", "--image=docker.io/library/busybox", "--items=x,y",
        "--items-mode=configmap", "--", "cat", "/input/data.txt");
    refused(k, "jobs.batch", "create", "new2", "--image=docker.io/library/busybox", "--completions=2");
    refused(k, "jobs.batch", "run", "new3", "--image=docker.io/library/busybox", "--completions=2",
        "--timeout=60s");
    Proc.Result status = as(k, "status", ADMIN_JOB);
    assertEquals(0, status.exit(), status::toString);
  }

  @Test
  void aUserWithoutConfigMapsIsToldWhichStepWasRefused() throws IOException {
    Path k = kubeconfigOf("nocm");
    refused(k, "delete work: listing its item ConfigMaps failed, nothing was deleted: configmaps is forbidden",
        "delete", ADMIN_JOB);
    refused(k, "configmaps", "create", "cm", "--image=docker.io/library/busybox", "--items=x,y",
        "--items-mode=configmap", "--", "cat", "/input/data.txt");
  }

  /** {@code logs} without pods/log: one line naming the refused step, exit 4, nothing changed. */
  @Test
  void aUserWithoutPodLogsIsRefusedLogsWithExit4() throws IOException {
    Path k = kubeconfigOf("nolog");
    TreeSet<String> before = objects();
    Proc.Result r = as(k, "logs", ADMIN_JOB);
    assertEquals(4, r.exit(), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(r.err().matches("error: reading the log of pod work-0-\\w+ \\(index 0\\): pods \"work-0-\\w+\" is"
        + " forbidden: .*cannot get resource \"pods/log\".*\n"), r::toString);
    assertFalse(r.err().contains("Exception"), r::toString);
    assertEquals(before, objects());
  }
}
