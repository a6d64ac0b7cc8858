package io.github.kubectlindexed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Kubeconfig problems and exec credential plugins through whole commands with the real client factory: each is
 * one line, local problems exit 2, a plugin that fails exits 4, and nothing reaches a server (there is none).
 */
class KubeconfigCommandTest {
  @TempDir
  Path dir;

  private static final String NOWHERE = "https://127.0.0.1:1";

  private Path kubeconfig(String userBlock) throws IOException {
    Path k = dir.resolve("config");
    Files.writeString(k, "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        + "clusters:\n- name: k\n  cluster:\n    server: " + NOWHERE + "\n    insecure-skip-tls-verify: true\n"
        + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n    namespace: ctx-ns\n"
        + "users:\n- name: u\n  user:\n" + userBlock);
    return k;
  }

  private Path script(String name, String body) throws IOException {
    Path s = dir.resolve(name);
    Files.writeString(s, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
    return s;
  }

  private static String exec(String command, String apiVersion, String extra) {
    return "    exec:\n      apiVersion: " + apiVersion + "\n      command: " + command + "\n" + extra;
  }

  private CliRunner.Result run(Path kubeconfig, String... args) {
    String[] all = new String[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--kubeconfig=" + kubeconfig;
    return CliRunner.kubeconfig().run(all);
  }

  @Test
  void aKubeconfigThatIsNotYamlIsOneLineNamingTheFile() throws IOException {
    Path k = dir.resolve("bad");
    Files.writeString(k, "apiVersion: v1\nclusters: [\n  - name: x\n  bad: : :\n");
    CliRunner.Result r = CliRunner.kubeconfig().run("list", "--kubeconfig=" + k);
    assertEquals(2, r.exit(), r::toString);
    assertEquals("", r.out());
    org.junit.jupiter.api.Assertions.assertTrue(r.err().matches(
        "error: kubeconfig " + java.util.regex.Pattern.quote(k.toString())
            + ": is not YAML: [^\\n]+ at line \\d+, column \\d+\\n"), r::toString);
  }

  @Test
  void yamlThatIsNotAKubeconfigSaysSo() throws IOException {
    Path k = dir.resolve("list");
    Files.writeString(k, "- just\n- a list\n");
    assertEquals(new CliRunner.Result(2, "", "error: kubeconfig " + k + ": is not a kubeconfig: expected the fields"
        + " of a kubeconfig (clusters, contexts, users)\n"),
        CliRunner.kubeconfig().run("status", "--kubeconfig=" + k));
  }

  @Test
  void aDirectoryIsNotAKubeconfig() {
    assertEquals(new CliRunner.Result(2, "", "error: --kubeconfig: " + dir + ": is a directory, not a kubeconfig"
        + " file\n"), CliRunner.kubeconfig().run("wait", "--kubeconfig=" + dir));
  }

  @Test
  void aDirectoryInKubeconfigEnvIsNamedToo() {
    // KUBECONFIG is read by fabric8 from the process environment; the system property is its stand-in here
    System.setProperty("kubeconfig", dir.toString());
    try {
      assertEquals(new CliRunner.Result(2, "", "error: kubeconfig " + dir + ": is a directory, not a kubeconfig"
          + " file\n"), CliRunner.kubeconfig().run("list"));
    } finally {
      System.clearProperty("kubeconfig");
    }
  }

  @Test
  void aMissingFileIsNamed() {
    Path k = dir.resolve("nope");
    assertEquals(new CliRunner.Result(2, "", "error: --kubeconfig: " + k + ": no such file\n"),
        CliRunner.kubeconfig().run("list", "--kubeconfig=" + k));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--context=ghost", "--cluster=ghost", "--user=ghost"})
  void absentContextClusterOrUserIsNamed(String flag) throws IOException {
    Path k = kubeconfig("    token: t\n");
    String what = flag.substring(2, flag.indexOf('='));
    assertEquals(new CliRunner.Result(2, "", "error: --" + what + ": " + what + " \"ghost\" not found in " + k + "\n"),
        run(k, "list", flag));
  }

  @Test
  void clusterAndUserFlagsAreHonoured() throws IOException {
    try (FakeApiServer api = new FakeApiServer()) {
      Path k = dir.resolve("two");
      Files.writeString(k, "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
          + "clusters:\n- name: k\n  cluster:\n    server: " + NOWHERE + "\n"
          + "- name: other\n  cluster:\n    server: " + api.url() + "\n"
          + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n    namespace: ctx-ns\n"
          + "users:\n- name: u\n  user:\n    token: t\n"
          + "- name: other-user\n  user:\n    token: other-token\n"
          + "- name: broken\n  user:\n" + exec(dir.resolve("absent").toString(), "client.authentication.k8s.io/v1",
          "      interactiveMode: Never\n"));
      // --user=broken picks the user whose plugin is missing: its failure proves the override reached the client
      assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec: fork/exec " + dir.resolve("absent")
          + ": no such file or directory\n"), run(k, "list", "--user=broken"));
      // --cluster=other --user=other-user: the request goes to the other server with the other user's token
      CliRunner.Result r = run(k, "list", "--cluster=other", "--user=other-user");
      assertEquals(new CliRunner.Result(0, "", "No Jobs made by kubectl-indexed found in namespace ctx-ns.\n"), r);
      assertEquals("Bearer other-token", api.seen.get(0).authorization());
    }
  }

  @Test
  void anEmptyNamespaceListsTheContextsNamespaceOnly() throws IOException {
    try (FakeApiServer api = new FakeApiServer()) {
      Path k = kubeconfigAt(api.url(), "    token: t\n");
      CliRunner.Result r = run(k, "list", "-n", "");
      assertEquals(new CliRunner.Result(0, "", "No Jobs made by kubectl-indexed found in namespace ctx-ns.\n"), r);
      assertEquals(1, api.seen.size(), api.seen::toString);
      org.junit.jupiter.api.Assertions.assertTrue(
          api.seen.get(0).pathAndQuery().startsWith("/apis/batch/v1/namespaces/ctx-ns/jobs?"), api.seen::toString);
    }
  }

  @Test
  void verbositySixLogsEachRequestAndEightItsBodiesButNeverTheToken() throws IOException {
    try (FakeApiServer api = new FakeApiServer()) {
      Path k = kubeconfigAt(api.url(), "    token: secret-token-value\n");
      CliRunner.Result six = run(k, "list", "-v=6");
      assertEquals(0, six.exit(), six::toString);
      org.junit.jupiter.api.Assertions.assertTrue(six.err().matches("GET " + java.util.regex.Pattern.quote(api.url())
          + "/apis/batch/v1/namespaces/ctx-ns/jobs\\?\\S+ 200 OK in \\d+ milliseconds\\n"
          + "No Jobs made by kubectl-indexed found in namespace ctx-ns.\\n"), six::toString);
      CliRunner.Result eight = run(k, "list", "-v=8");
      assertEquals(0, eight.exit(), eight::toString);
      org.junit.jupiter.api.Assertions.assertTrue(eight.err().contains(" 200 OK in ")
          && eight.err().contains("Response Body: {\"kind\":\"JobList\""), eight::toString);
      org.junit.jupiter.api.Assertions.assertFalse((six.err() + eight.err()).contains("secret-token-value"));
      org.junit.jupiter.api.Assertions.assertFalse((six.err() + eight.err()).contains("Authorization"));
      assertEquals("Bearer secret-token-value", api.seen.get(0).authorization());
    }
  }

  @Test
  void thePluginsTokenIsSentAndKeptUntilItExpires() throws IOException {
    try (FakeApiServer api = new FakeApiServer()) {
      Path runs = dir.resolve("runs");
      Path s = script("plugin", "echo \"run $* $MYVAR\" >> " + runs + "\n"
          + "printf '%s' \"$KUBERNETES_EXEC_INFO\" > " + dir.resolve("info") + "\n"
          + "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
          + "\"status\":{\"token\":\"from-plugin\",\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"}}'\n");
      Path k = kubeconfigAt(api.url(), exec(s.toString(), "client.authentication.k8s.io/v1",
          "      args: [\"a b\", \"c\"]\n      env:\n      - name: MYVAR\n        value: set\n"
              + "      interactiveMode: IfAvailable\n      provideClusterInfo: true\n"));
      CliRunner.Result r = run(k, "list", "-A");
      assertEquals(new CliRunner.Result(0, "", "No Jobs made by kubectl-indexed found.\n"), r);
      assertEquals("Bearer from-plugin", api.seen.get(0).authorization());
      assertEquals(java.util.List.of("run a b c set"), Files.readAllLines(runs));
      assertEquals("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":"
          + "{\"cluster\":{\"server\":\"" + api.url() + "\"},\"interactive\":false}}",
          Files.readString(dir.resolve("info")));
    }
  }

  private Path kubeconfigAt(String server, String userBlock) throws IOException {
    Path k = dir.resolve("at");
    Files.writeString(k, "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        + "clusters:\n- name: k\n  cluster:\n    server: " + server + "\n"
        + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n    namespace: ctx-ns\n"
        + "users:\n- name: u\n  user:\n" + userBlock);
    return k;
  }

  @Test
  void aMissingPluginIsReportedAsKubectlDoes() throws IOException {
    Path missing = dir.resolve("no-such-plugin");
    Path k = kubeconfig(exec(missing.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n"));
    assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec: fork/exec " + missing
        + ": no such file or directory\n"), run(k, "list"));
  }

  @Test
  void aPluginNotOnPathIsNotFound() throws IOException {
    Path k = kubeconfig(exec("kubectl-indexed-no-such-credential-plugin", "client.authentication.k8s.io/v1beta1", ""));
    assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec: executable"
        + " kubectl-indexed-no-such-credential-plugin not found\n"), run(k, "status", "x"));
  }

  @Test
  void aPluginThatExitsOneIsReported() throws IOException {
    Path s = script("fails", "echo 'token expired, run login' >&2\nexit 1\n");
    Path k = kubeconfig(exec(s.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n"));
    assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec: executable " + s
        + " failed with exit code 1\n"), run(k, "wait"));
  }

  @Test
  void badJsonIsReported() throws IOException {
    Path s = script("garbage", "echo 'not json'\n");
    Path k = kubeconfig(exec(s.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n"));
    CliRunner.Result r = run(k, "logs");
    assertEquals(4, r.exit(), r::toString);
    org.junit.jupiter.api.Assertions.assertTrue(r.err().matches(
        "error: getting credentials: decoding stdout: Unrecognized token 'not'[^\\n]*\\(line 1, column \\d+\\)\\n"),
        r::toString);
  }

  @Test
  void aRelativePluginPathIsRelativeToTheKubeconfig() throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    Path k = kubeconfig(exec("./bin/plugin", "client.authentication.k8s.io/v1", "      interactiveMode: Never\n"));
    assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec: fork/exec " + dir.resolve("bin/plugin")
        + ": no such file or directory\n"), run(k, "delete", "x"));
  }

  @Test
  void v1WithoutInteractiveModeIsRefusedAsKubectlDoes() throws IOException {
    Path s = script("ok", "echo '{}'\n");
    Path k = kubeconfig(exec(s.toString(), "client.authentication.k8s.io/v1", ""));
    assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec plugin: interactiveMode must be"
        + " specified for client.authentication.k8s.io/v1 (Never, IfAvailable or Always)\n"), run(k, "list"));
  }

  @Test
  void alwaysInteractiveNeedsATerminal() throws IOException {
    Path s = script("ok", "echo '{}'\n");
    Path k = kubeconfig(exec(s.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Always\n"));
    assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec plugin cannot support interactive"
        + " mode: standard input is not a terminal\n"), run(k, "list"));
  }

  @Test
  void theWrongApiVersionAndAMissingStatusAreNamed() throws IOException {
    Path s = script("v1beta1", "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
        + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"x\"}}'\n");
    Path k = kubeconfig(exec(s.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n"));
    assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec plugin is configured to use API"
        + " version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1\n"),
        run(k, "list"));
    Path s2 = script("nostatus", "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
        + "\"kind\":\"ExecCredential\"}'\n");
    Path k2 = kubeconfig(exec(s2.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n"));
    assertEquals(new CliRunner.Result(4, "", "error: getting credentials: exec plugin didn't return a status"
        + " field\n"), run(k2, "list"));
  }

  @Test
  void aClientDryRunNeedsNoCredentials() throws IOException {
    Path k = kubeconfig(exec(dir.resolve("absent").toString(), "client.authentication.k8s.io/v1",
        "      interactiveMode: Never\n"));
    CliRunner.Result r = run(k, "create", "--dry-run=client", "-o", "name", "--image=busybox", "--completions=2", "j");
    assertEquals(new CliRunner.Result(0, "job.batch/j\n", ""), r);
  }

  @Test
  void anEmptyNamespaceMeansTheContextsNamespace() throws IOException {
    Path k = kubeconfig("    token: t\n");
    CliRunner.Result r = run(k, "create", "--dry-run=client", "-o", "yaml", "--image=busybox", "--completions=2",
        "-n", "", "j");
    assertEquals(0, r.exit(), r::toString);
    org.junit.jupiter.api.Assertions.assertFalse(r.out().contains("namespace: \"\""), r::toString);
  }
}
