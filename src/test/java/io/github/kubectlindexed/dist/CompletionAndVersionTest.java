package io.github.kubectlindexed.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.kubectlindexed.PluginInfo;
import io.github.kubectlindexed.cli.CliRunner;
import io.github.kubectlindexed.cli.CliRunner.Result;
import io.github.kubectlindexed.cluster.ClientFactory;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** version, completion and the hidden __complete (kubectl's plugin-completion protocol), as whole commands. */
@EnableKubernetesMockClient(crud = true)
class CompletionAndVersionTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  static final String VERSION = PluginInfo.get().version();
  static final String JAVA = System.getProperty("java.runtime.version");

  // --- version ------------------------------------------------------------------------------------------------------

  @Test
  void versionClientPrintsPluginAndJavaWithoutConnecting() {
    CliRunner cli = CliRunner.offline();
    Result r = cli.run("version", "--client");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("Plugin Version: kubectl-indexed " + VERSION, lines.get(0));
    assertTrue(lines.get(1).startsWith("Java Runtime: " + JAVA + " ("), lines.get(1));
    assertEquals(2, lines.size(), r.out());
    assertEquals("", r.err());
    assertEquals(0, cli.connects.get());
  }

  @Test
  void versionJsonAndYamlParse() throws Exception {
    Result json = CliRunner.offline().run("version", "--client", "-o", "json");
    assertEquals(0, json.exit(), json.err());
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertEquals("kubectl-indexed", doc.path("pluginVersion").path("name").asText());
    assertEquals(VERSION, doc.path("pluginVersion").path("version").asText());
    assertEquals(JAVA, doc.path("javaRuntime").path("version").asText());

    Result yaml = CliRunner.offline().run("version", "--client", "-o", "yaml");
    assertEquals(0, yaml.exit(), yaml.err());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, String>> y = (Map<String, Map<String, String>>) new Yaml().load(yaml.out());
    assertEquals(VERSION, y.get("pluginVersion").get("version"));
    assertEquals(JAVA, y.get("javaRuntime").get("version"));
  }

  /** The mock server answers /version with its own (0.0) VersionInfo; the point is that the line is there. */
  @Test
  void versionAsksTheServer() throws Exception {
    Result r = CliRunner.mock(server::createClient, "default").run("version");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertTrue(lines.get(2).startsWith("Server Version: "), r.out());
    assertEquals("", r.err());

    Result json = CliRunner.mock(server::createClient, "default").run("version", "-o", "json");
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertTrue(doc.path("serverVersion").has("major"), json.out());
    assertTrue(doc.path("serverVersion").has("minor"), json.out());
  }

  @Test
  void versionWithoutAClusterWarnsAndSucceeds() {
    ClientFactory unreachable = c -> {
      throw new io.fabric8.kubernetes.client.KubernetesClientException("connection refused");
    };
    Result r = new CliRunner(unreachable).run("version");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("Plugin Version: kubectl-indexed " + VERSION + "\n"), r.out());
    assertTrue(!r.out().contains("Server Version"), r.out());
    assertEquals("warning: no server version: connection refused\n", r.err());
  }

  @Test
  void versionRejectsAnUnknownFormat() {
    CliRunner cli = CliRunner.offline();
    Result r = cli.run("version", "-o", "xml");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("error: ") && r.err().contains("xml"), r.err());
    assertEquals(0, cli.connects.get());
  }

  // --- completion scripts -------------------------------------------------------------------------------------------

  @Test
  void completionBashAndZsh() {
    Result bash = CliRunner.offline().run("completion", "bash");
    assertEquals(0, bash.exit(), bash.err());
    assertTrue(bash.out().contains("complete -F"), "a bash completion function is registered");
    assertTrue(bash.out().contains("kubectl-indexed"));
    assertTrue(bash.out().contains("create"), "subcommands are completed");
    assertTrue(!bash.out().contains("__train") && !bash.out().contains("__complete"), "hidden commands stay hidden");

    Result zsh = CliRunner.offline().run("completion", "zsh");
    assertEquals(0, zsh.exit(), zsh.err());
    assertTrue(zsh.out().contains("bashcompinit"), zsh.out());
    assertTrue(zsh.out().contains("complete -F"));

    Result fish = CliRunner.offline().run("completion", "fish");
    assertEquals(2, fish.exit());
    assertTrue(fish.err().contains("fish"), fish.err());
  }

  // --- kubectl's plugin-completion protocol -------------------------------------------------------------------------

  @Test
  void completesSubcommands() {
    assertEquals("create\n:4\n", CliRunner.offline().run("__complete", "cr").out());
    String all = CliRunner.offline().run("__complete", "").out();
    for (String cmd : List.of("create", "apply", "wait", "logs", "status", "list", "delete", "run", "version",
        "completion")) {
      assertTrue(all.lines().anyMatch(cmd::equals), cmd + " missing from: " + all);
    }
    assertTrue(all.lines().noneMatch(l -> l.startsWith("__")), "hidden commands are not offered");
    assertTrue(all.endsWith(":4\n"));
  }

  @Test
  void completesStylesAndOutputs() {
    assertEquals("env\ninit\ndownward\n:4\n",
        CliRunner.offline().run("__complete", "create", "--style", "").out());
    assertEquals("downward\n:4\n", CliRunner.offline().run("__complete", "create", "--style", "d").out());
    assertEquals("--style=init\n:4\n", CliRunner.offline().run("__complete", "create", "--style=i").out());
    String outputs = CliRunner.offline().run("__complete", "create", "-o", "").out();
    assertTrue(outputs.lines().toList().containsAll(List.of("yaml", "json")), outputs);
    assertEquals("json\n:4\n", CliRunner.offline().run("__complete", "version", "-o", "j").out());
  }

  @Test
  void completesFlags() {
    String flags = CliRunner.offline().run("__complete", "create", "--sty").out();
    assertEquals("--style\n:4\n", flags);
    String ns = CliRunner.offline().run("__complete", "wait", "--names").out();
    assertEquals("--namespace\n:4\n", ns);
  }

  @Test
  void fileFlagsLeaveCompletionToTheShell() {
    assertEquals(":0\n", CliRunner.offline().run("__complete", "create", "--items-file", "").out());
  }

  @Test
  void completesIndexedJobNamesFromTheCluster() {
    client.batch().v1().jobs().inNamespace("work").resource(new JobBuilder().withNewMetadata().withName("render")
        .endMetadata().withNewSpec().withCompletionMode("Indexed").withCompletions(3).endSpec().build()).create();
    client.batch().v1().jobs().inNamespace("work").resource(new JobBuilder().withNewMetadata().withName("reindex")
        .endMetadata().withNewSpec().withCompletionMode("Indexed").withCompletions(2).endSpec().build()).create();
    client.batch().v1().jobs().inNamespace("work").resource(new JobBuilder().withNewMetadata().withName("plain")
        .endMetadata().withNewSpec().withCompletionMode("NonIndexed").endSpec().build()).create();
    // a loaded CI machine may take longer than the interactive 1.5 s to build its first client
    CliRunner cli = CliRunner.mock(server::createClient, "default")
        .env(Map.of("KUBECTL_INDEXED_COMPLETION_TIMEOUT_MS", "60000"));
    assertEquals("reindex\nrender\n:4\n", cli.run("__complete", "logs", "-n", "work", "").out());
    assertEquals("render\n:4\n", cli.run("__complete", "wait", "--namespace=work", "ren").out());
    assertEquals(":4\n", cli.run("__complete", "status", "").out(), "no Indexed Job in the default namespace");
  }

  @Test
  void anUnreachableClusterGivesNoJobNames() {
    ClientFactory unreachable = c -> {
      throw new io.fabric8.kubernetes.client.KubernetesClientException("connection refused");
    };
    Result r = new CliRunner(unreachable).run("__complete", "wait", "");
    assertEquals(0, r.exit());
    assertEquals(":4\n", r.out());
  }
}
