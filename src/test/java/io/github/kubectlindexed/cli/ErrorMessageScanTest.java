package io.github.kubectlindexed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every error path reachable without a real cluster (usage errors, kubeconfig and exec plugin failures, an
 * unreachable server, a mock cluster's refusals) and checks that no message shows Java: no class name, no
 * {@code Exception}, no {@code internal error}, no {@code An error has occurred}.
 */
class ErrorMessageScanTest extends MockClusterCommandTest {
  private static final Pattern JAVA = Pattern.compile(
      "\\b(?:java|javax|jdk|sun|io\\.fabric8|com\\.fasterxml|org\\.snakeyaml|org\\.yaml|picocli)\\.[a-z]"
          + "|Exception|internal error|An error has occurred|\\tat |Caused by:");

  @TempDir
  Path dir;

  private static final String[][] OFFLINE = {
      {"wiat"}, {"creat", "--image=busybox"}, {"create", "--bogus"}, {"create", "--completions=abc", "--image=b"},
      {"create", "--completions=-1", "--image=b"}, {"create", "--dry-run", "server", "--image=b"},
      {"create", "--dry-run=maybe", "--image=b"}, {"create", "-o", "xml", "--image=b"},
      {"create", "--image=b", "--items=a", "--item=b"}, {"create", "--image=b", "--items-file=/no/such/file"},
      {"create", "--image=b", "--items-file=/tmp"}, {"create", "--image=b", "--completions=2", "--requests=gpu=1"},
      {"create", "--image=b", "--completions=2", "--env=NOEQUALS"}, {"create", "--image=b", "--completions=2",
      "--labels=a"}, {"create", "--image=b", "--completions=2", "--restart-policy=Always"},
      {"create", "--image=b", "--completions=2", "--parallelism=x"}, {"create", "--image=B A D", "--completions=2"},
      {"create", "Bad_Name", "--image=b", "--completions=2"}, {"create", "--image=b", "--style=weird"},
      {"create", "--image=b", "--completions=2", "--success-indexes=5-1"},
      {"wait", "--for=bogus"}, {"wait", "--timeout=300"}, {"wait", "--timeout=abc"}, {"wait", "--request-timeout=x"},
      {"logs", "--index=x"}, {"logs", "--tail=abc"}, {"status", "-o", "name"}, {"list", "-o", "xml"},
      {"run", "-o", "yaml", "--image=b", "--completions=2"}, {"run", "--dry-run", "client", "--image=b"},
      {"completion", "tcsh"}, {"delete"}, {"apply"}, {"create", "-v=notanumber"},
  };

  private static void scan(List<String> failures, String[] args, CliRunner.Result r) {
    String all = r.out() + r.err();
    if (JAVA.matcher(all).find()) {
      failures.add(String.join(" ", args) + " -> " + all);
    }
  }

  @Test
  void usageErrorsShowNoJava() {
    List<String> failures = new ArrayList<>();
    int nonZero = 0;
    for (String[] args : OFFLINE) {
      CliRunner.Result r = CliRunner.offline().run(args);
      nonZero += r.exit() != 0 ? 1 : 0;
      scan(failures, args, r);
    }
    assertEquals(List.of(), failures);
    assertEquals(OFFLINE.length, nonZero, "every case is an error path");
  }

  @Test
  void kubeconfigExecAndUnreachableErrorsShowNoJava() throws IOException {
    Path notYaml = Files.writeString(dir.resolve("not-yaml"), "a: [\n b: : :\n");
    Path list = Files.writeString(dir.resolve("list"), "- a\n- b\n");
    Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    Path garbage = dir.resolve("garbage");
    Files.writeString(garbage, "#!/bin/sh\necho '{\"apiVersion\": '\n");
    Files.setPosixFilePermissions(garbage, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path fails = dir.resolve("fails");
    Files.writeString(fails, "#!/bin/sh\nexit 3\n");
    Files.setPosixFilePermissions(fails, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path noExec = Files.writeString(dir.resolve("noexec"), "#!/bin/sh\n");
    List<Path> configs = new ArrayList<>(List.of(notYaml, list, binary, dir));
    for (String command : new String[] {dir.resolve("absent").toString(), "no-such-plugin-on-path",
        garbage.toString(), fails.toString(), noExec.toString()}) {
      Path k = dir.resolve("k" + configs.size());
      Files.writeString(k, "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
          + "clusters:\n- name: k\n  cluster:\n    server: https://127.0.0.1:1\n"
          + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n"
          + "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
          + "      command: " + command + "\n      interactiveMode: Never\n");
      configs.add(k);
    }
    Path unreachable = dir.resolve("unreachable");
    Files.writeString(unreachable, "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        + "clusters:\n- name: k\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\n"
        + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\nusers:\n- name: u\n  user:\n    token: t\n");
    configs.add(unreachable);
    List<String> failures = new ArrayList<>();
    for (Path k : configs) {
      for (String[] cmd : new String[][] {{"list"}, {"status", "x"}, {"wait", "x", "--timeout=1s"}, {"logs", "x"},
          {"delete", "x"}, {"create", "--image=b", "--completions=2", "x"}, {"list", "--context=ghost"},
          {"list", "--user=ghost"}, {"list", "--cluster=ghost"}}) {
        String[] args = new String[cmd.length + 1];
        System.arraycopy(cmd, 0, args, 0, cmd.length);
        args[cmd.length] = "--kubeconfig=" + k;
        CliRunner.Result r = CliRunner.kubeconfig().run(args);
        assertTrue(r.exit() == 2 || r.exit() == 4, () -> String.join(" ", args) + " -> " + r);
        assertEquals(1, r.err().lines().count(), () -> String.join(" ", args) + " -> " + r);
        scan(failures, args, r);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void aMockClustersRefusalsShowNoJava() {
    List<String> failures = new ArrayList<>();
    String[][] cases = {{"status", "nope"}, {"wait", "nope", "--timeout=1s"}, {"logs", "nope"}, {"delete", "nope"},
        {"logs", "--index=0"}, {"status"}, {"wait"}};
    for (String[] args : cases) {
      CliRunner.Result r = cli.run(args);
      assertTrue(r.exit() != 0, () -> String.join(" ", args) + " -> " + r);
      scan(failures, args, r);
    }
    assertEquals(List.of(), failures);
  }
}
