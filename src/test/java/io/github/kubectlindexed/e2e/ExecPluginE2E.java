package io.github.kubectlindexed.e2e;

import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kubeconfig {@code exec} credential plugins against the real apiserver: a script that prints a ServiceAccount
 * token (v1 and v1beta1), one that prints the admin's client certificate, and the failures kubectl reports
 * (missing, exit 1, bad JSON, a token the server refuses).
 */
class ExecPluginE2E {
  static String ns;
  static String token;
  static Path dir;
  static String server;
  static String caData;
  static String adminCert;
  static String adminKey;

  @BeforeAll
  static void serviceAccountAndToken() throws IOException {
    ns = Testbed.namespace("exec");
    dir = Files.createTempDirectory("exec-e2e");
    kubectlOk("create", "serviceaccount", "indexed-exec", "-n", ns);
    kubectlOk("create", "rolebinding", "indexed-exec-edit", "--clusterrole=edit",
        "--serviceaccount=" + ns + ":indexed-exec", "-n", ns);
    token = kubectlOk("create", "token", "indexed-exec", "-n", ns, "--duration=1h").out().strip();
    io.fabric8.kubernetes.api.model.Config k = KubeConfigUtils.parseConfig(Testbed.kubeconfig().toFile());
    NamedCluster c = k.getClusters().get(0);
    server = c.getCluster().getServer();
    caData = c.getCluster().getCertificateAuthorityData();
    NamedAuthInfo u = k.getUsers().get(0);
    adminCert = new String(Base64.getDecoder().decode(u.getUser().getClientCertificateData()), StandardCharsets.UTF_8);
    adminKey = new String(Base64.getDecoder().decode(u.getUser().getClientKeyData()), StandardCharsets.UTF_8);
  }

  private static Proc.Result kubectlOk(String... args) {
    Proc.Result r = Testbed.kubectl(Map.of("KUBECONFIG", Testbed.kubeconfig().toString()), args);
    if (r.exit() != 0) {
      fail("kubectl " + String.join(" ", args) + ": " + r);
    }
    return r;
  }

  /** A plugin script that logs each run (args, $MYVAR, KUBERNETES_EXEC_INFO) and prints {@code credential}. */
  private static Path plugin(String name, String credential, String tail) throws IOException {
    Path cred = dir.resolve(name + ".json");
    Files.writeString(cred, credential);
    Path s = dir.resolve(name);
    Files.writeString(s, "#!/bin/sh\n"
        + "echo \"run $* MYVAR=$MYVAR\" >> " + dir.resolve(name + ".runs") + "\n"
        + "printf '%s\\n' \"$KUBERNETES_EXEC_INFO\" > " + dir.resolve(name + ".info") + "\n"
        + "cat " + cred + "\n" + tail);
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
    return s;
  }

  private static String tokenCredential(String apiVersion, String tok, Instant expiry) {
    return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + tok + "\""
        + (expiry == null ? "" : ",\"expirationTimestamp\":\"" + expiry + "\"") + "}}";
  }

  private static Path kubeconfig(String name, String command, String apiVersion, String extra) throws IOException {
    Path k = dir.resolve(name + ".kubeconfig");
    Files.writeString(k, "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        + "clusters:\n- name: testbed\n  cluster:\n    server: " + server + "\n    certificate-authority-data: "
        + caData + "\n"
        + "contexts:\n- name: c\n  context:\n    cluster: testbed\n    user: plugin\n    namespace: " + ns + "\n"
        + "users:\n- name: plugin\n  user:\n    exec:\n      apiVersion: " + apiVersion + "\n      command: "
        + command + "\n" + extra);
    return k;
  }

  private static Proc.Result plugin(Path kubeconfig, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(Testbed.PLUGIN.toString()));
    cmd.addAll(List.of(args));
    cmd.add("--kubeconfig=" + kubeconfig);
    return Testbed.exec(cmd, Map.of(), null, Duration.ofMinutes(2));
  }

  @Test
  void aV1PluginsServiceAccountTokenIsUsedWithItsEnvArgsAndClusterInfo() throws IOException {
    Path p = plugin("v1", tokenCredential("client.authentication.k8s.io/v1", token,
        Instant.now().plus(Duration.ofHours(1))), "");
    Path k = kubeconfig("v1", p.toString(), "client.authentication.k8s.io/v1",
        "      args: [\"--region\", \"two words\"]\n      env:\n      - name: MYVAR\n        value: from-kubeconfig\n"
            + "      interactiveMode: Never\n      provideClusterInfo: true\n");
    Proc.Result create = plugin(k, "create", "--image=busybox", "--completions=2", "-o", "name", "exec-v1");
    assertEquals(0, create.exit(), create::toString);
    assertTrue(create.out().endsWith("job.batch/exec-v1\n"), create::toString);
    // one run of the plugin for the whole command: the token is kept until it expires
    List<String> runs = Files.readAllLines(dir.resolve("v1.runs"));
    assertEquals(List.of("run --region two words MYVAR=from-kubeconfig"), runs);
    String info = Files.readString(dir.resolve("v1.info"));
    assertTrue(info.contains("\"kind\":\"ExecCredential\"") && info.contains("\"server\":\"" + server + "\"")
        && info.contains("\"interactive\":false") && info.contains("\"certificate-authority-data\":\"" + caData + "\""),
        info);
    Proc.Result list = plugin(k, "list", "-o", "name");
    assertEquals("0|job.batch/exec-v1\n", list.exit() + "|" + list.out() + list.err());
    // it is the ServiceAccount's token that is sent: it may not list Jobs across namespaces (the admin may)
    Proc.Result all = plugin(k, "list", "-A");
    assertEquals(4, all.exit(), all::toString);
    assertTrue(all.err().contains("system:serviceaccount:" + ns + ":indexed-exec"), all::toString);
  }

  @Test
  void aV1beta1PluginWorksWithoutInteractiveMode() throws IOException {
    Path p = plugin("beta", tokenCredential("client.authentication.k8s.io/v1beta1", token, null), "");
    Path k = kubeconfig("beta", p.toString(), "client.authentication.k8s.io/v1beta1", "");
    Proc.Result r = plugin(k, "list");
    assertEquals(0, r.exit(), r::toString);
    String info = Files.readString(dir.resolve("beta.info"));
    assertTrue(info.contains("\"apiVersion\":\"client.authentication.k8s.io/v1beta1\"") && !info.contains("server"),
        info);
  }

  @Test
  void aClientCertificateFromThePluginIsUsed() throws IOException {
    String json = "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{"
        + "\"clientCertificateData\":" + quote(adminCert) + ",\"clientKeyData\":" + quote(adminKey) + "}}";
    Path p = plugin("cert", json, "");
    Path k = kubeconfig("cert", p.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n");
    Proc.Result r = plugin(k, "list", "-A", "-o", "name");
    assertEquals(0, r.exit(), r::toString);
  }

  @Test
  void aTokenTheServerRefusesIsUnauthorized() throws IOException {
    Path p = plugin("refused", tokenCredential("client.authentication.k8s.io/v1", "not-a-token", null), "");
    Path k = kubeconfig("refused", p.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n");
    Proc.Result r = plugin(k, "list");
    assertEquals(4, r.exit(), r::toString);
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("error: ") && r.err().contains("Unauthorized") && r.err().lines().count() == 1,
        r::toString);
  }

  @Test
  void aMissingPluginIsOneLineAndExitFour() throws IOException {
    Path missing = dir.resolve("no-such-plugin");
    Path k = kubeconfig("missing", missing.toString(), "client.authentication.k8s.io/v1",
        "      interactiveMode: Never\n");
    assertEquals("4|error: getting credentials: exec: fork/exec " + missing + ": no such file or directory\n",
        line(plugin(k, "list")));
  }

  @Test
  void aPluginThatExitsOneIsOneLineAndExitFour() throws IOException {
    Path p = plugin("exit1", "", "echo 'please log in' >&2\nexit 1\n");
    Path k = kubeconfig("exit1", p.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n");
    Proc.Result r = plugin(k, "status", "x");
    assertEquals(4, r.exit(), r::toString);
    // the plugin's own stderr reaches the user, as with kubectl, then the one line
    assertEquals("please log in\nerror: getting credentials: exec: executable " + p + " failed with exit code 1\n",
        r.err());
  }

  @Test
  void badJsonIsOneLineAndExitFour() throws IOException {
    Path p = plugin("badjson", "{\"apiVersion\": ", "");
    Path k = kubeconfig("badjson", p.toString(), "client.authentication.k8s.io/v1", "      interactiveMode: Never\n");
    Proc.Result r = plugin(k, "wait", "x");
    assertEquals(4, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error: getting credentials: decoding stdout: ") && r.err().lines().count() == 1,
        r::toString);
  }

  private static String line(Proc.Result r) {
    return r.exit() + "|" + r.out() + r.err();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
