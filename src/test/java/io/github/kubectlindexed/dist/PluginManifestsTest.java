package io.github.kubectlindexed.dist;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * plugin.yaml is the single source of the plugin's name, version, descriptions and distribution (which platform gets
 * which archive, and the jar-only archive's Java requirement): krew-manifest.yaml and README.md must agree with it.
 */
class PluginManifestsTest {
  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String file) throws IOException {
    try (Reader r = Files.newBufferedReader(Path.of(file))) {
      return (Map<String, Object>) new Yaml().load(r);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void krewManifestMatchesPluginYaml() throws IOException {
    Map<String, Object> plugin = yaml("plugin.yaml");
    Map<String, Object> krew = yaml("krew-manifest.yaml");
    // krew v0.4.x accepts exactly this apiVersion (pkg/constants.CurrentAPIVersion)
    assertEquals("krew.googlecontainertools.github.com/v1alpha2", krew.get("apiVersion"));
    assertEquals("Plugin", krew.get("kind"));
    assertEquals(plugin.get("name"), ((Map<String, Object>) krew.get("metadata")).get("name"));
    Map<String, Object> spec = (Map<String, Object>) krew.get("spec");
    assertEquals(plugin.get("shortDescription"), spec.get("shortDescription"));
    assertEquals(plugin.get("description"), spec.get("description"));
    assertEquals(plugin.get("homepage"), spec.get("homepage"));
    assertEquals("${VERSION}", spec.get("version"));
    Map<String, Object> distribution = (Map<String, Object>) plugin.get("distribution");
    List<String> selfContained = (List<String>) distribution.get("selfContained");
    List<String> jarOnly = (List<String>) distribution.get("jarOnly");
    String caveats = String.valueOf(spec.get("caveats"));
    assertTrue(caveats.contains("Java " + distribution.get("javaMinVersion") + " or newer"),
        "caveats must name the jar-only archive's Java requirement: " + caveats);

    List<Map<String, Object>> platforms = (List<Map<String, Object>>) spec.get("platforms");
    Set<String> osArch = new HashSet<>();
    for (Map<String, Object> p : platforms) {
      Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) p.get("selector")).get("matchLabels");
      String platform = labels.get("os") + "/" + labels.get("arch");
      assertTrue(osArch.add(platform), "one entry per os/arch: " + labels);
      // the self-contained archive where plugin.yaml says so, the jar-only one everywhere else
      String archive = selfContained.contains(platform) ? "SELF_CONTAINED" : "JVM";
      assertEquals("${" + archive + "_URI}", p.get("uri"), platform);
      assertEquals("${" + archive + "_SHA256}", p.get("sha256"), platform);
      assertEquals("kubectl-" + plugin.get("name"), p.get("bin"));
    }
    Set<String> expected = new HashSet<>(selfContained);
    expected.addAll(jarOnly);
    assertEquals(expected, osArch, "krew-manifest.yaml platforms vs plugin.yaml distribution");
    assertEquals(Set.of("linux/amd64"), Set.copyOf(selfContained), "the self-contained archive is built for linux-x86_64");
  }

  @Test
  void krewManifestQuotesItsPlaceholders() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("krew-manifest.yaml"));
    Pattern field = Pattern.compile("^\\s*(version|uri|sha256):\\s*(.*)$");
    int count = 0;
    for (String line : lines) {
      Matcher m = field.matcher(line);
      if (m.matches()) {
        count++;
        assertTrue(m.group(2).matches("\"\\$\\{(VERSION|(SELF_CONTAINED|JVM)_(URI|SHA256))}\""),
            "unquoted placeholder: " + line.trim());
      }
    }
    assertEquals(9, count, "version once, uri and sha256 per platform");
  }

  /**
   * README.md has a "## Commands" section listing each command on its own line as
   * {@code - `name`} (more text may follow); the list is exactly plugin.yaml's {@code commands}, in the same order.
   */
  @Test
  @SuppressWarnings("unchecked")
  void readmeCommandListMatchesPluginYaml() throws IOException {
    List<String> expected = (List<String>) yaml("plugin.yaml").get("commands");
    Path readme = Path.of("README.md");
    assertTrue(Files.isRegularFile(readme), "README.md is missing");
    List<String> lines = Files.readAllLines(readme);
    int start = lines.indexOf("## Commands");
    assertTrue(start >= 0, "README.md has no '## Commands' section");
    List<String> listed = new ArrayList<>();
    Pattern item = Pattern.compile("^- `([a-z][a-z-]*)`.*");
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      Matcher m = item.matcher(line);
      if (m.matches()) {
        listed.add(m.group(1));
      }
    }
    assertEquals(expected, listed, "README.md '## Commands' list vs plugin.yaml commands");
  }
}
