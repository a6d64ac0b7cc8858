package io.github.kubectlindexed.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.kubectlindexed.cli.CliRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bare {@code create} prints the tutorial's first manifest, and {@code create --style downward} its second, on
 * every field the tutorial sets; the init script's text is the one exception (ItemSafetyTest proves it by running it).
 */
class GoldenTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String SCRIPT = "/spec/template/spec/initContainers/0/command/2";

  @Test
  void bareCreateIsTheTutorialsFirstManifest() throws IOException {
    JsonNode actual = dryRun();
    assertCovers(golden("tutorial-init.yaml"), actual, "", Set.of(SCRIPT));
    JsonNode pod = actual.at("/spec/template/spec");
    assertIndexEnvFirst(pod.at("/initContainers/0"));
    assertIndexEnvFirst(pod.at("/containers/0"));
    assertEquals("kubectl-indexed", actual.at("/metadata/labels/app.kubernetes.io~1managed-by").asText());
  }

  @Test
  void downwardStyleIsTheTutorialsSecondManifest() throws IOException {
    JsonNode actual = dryRun("--style", "downward");
    assertCovers(golden("tutorial-downward.yaml"), actual, "", Set.of());
    assertTrue(actual.at("/spec/template/spec/initContainers").isMissingNode());
    assertIndexEnvFirst(actual.at("/spec/template/spec/containers/0"));
  }

  private static void assertIndexEnvFirst(JsonNode container) {
    assertEquals("JOB_COMPLETION_INDEX", container.at("/env/0/name").asText());
    assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
        container.at("/env/0/valueFrom/fieldRef/fieldPath").asText());
    assertEquals("JOB_COMPLETIONS", container.at("/env/1/name").asText());
    assertEquals("5", container.at("/env/1/value").asText());
  }

  private static JsonNode dryRun(String... extra) throws IOException {
    String[] args = new String[3 + extra.length];
    args[0] = "create";
    args[1] = "--dry-run=client";
    args[2] = "-o=yaml";
    System.arraycopy(extra, 0, args, 3, extra.length);
    CliRunner.Result r = CliRunner.offline().run(args);
    assertEquals(0, r.exit(), r.err());
    assertFalse(r.out().contains("\n---"), "one object only");
    return YAML.readTree(r.out());
  }

  private static JsonNode golden(String name) throws IOException {
    try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/" + name)) {
      assertNotNull(in, name);
      return YAML.readTree(in);
    }
  }

  /** Every field of {@code expected} is in {@code actual} with the same value; lists have the same length. */
  static void assertCovers(JsonNode expected, JsonNode actual, String path, Set<String> except) {
    if (except.contains(path)) {
      return;
    }
    assertFalse(actual == null || actual.isMissingNode(), path + " is missing");
    if (expected.isObject()) {
      assertTrue(actual.isObject(), path + " is not an object: " + actual);
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertCovers(e.getValue(), actual.get(e.getKey()), path + "/" + e.getKey(), except);
      }
    } else if (expected.isArray()) {
      assertTrue(actual.isArray(), path + " is not a list: " + actual);
      assertEquals(expected.size(), actual.size(), path + " length");
      for (int i = 0; i < expected.size(); i++) {
        assertCovers(expected.get(i), actual.get(i), path + "/" + i, except);
      }
    } else {
      assertEquals(expected.asText(), actual.asText(), path);
      assertEquals(expected.isNumber(), actual.isNumber(), path + " type");
    }
  }
}
