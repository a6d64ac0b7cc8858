package io.github.kubectlindexed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Name and version read from {@code plugin.yaml} (copied onto the classpath by the build), the single source of
 * both. Read with a line scan, not a YAML parser, to keep startup cheap.
 */
public final class PluginInfo {
  private static final PluginInfo INSTANCE = load();

  private final String name;
  private final String version;

  private PluginInfo(String name, String version) {
    this.name = name;
    this.version = version;
  }

  public static PluginInfo get() {
    return INSTANCE;
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** The User-Agent every request carries: {@code kubectl-indexed/<version>}. */
  public String userAgent() {
    return "kubectl-" + name + "/" + version;
  }

  private static PluginInfo load() {
    try (InputStream in = PluginInfo.class.getResourceAsStream("/plugin.yaml")) {
      if (in == null) {
        throw new IllegalStateException("plugin.yaml is missing from the classpath");
      }
      String name = null;
      String version = null;
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith("name:")) {
          name = unquote(line.substring(5));
        } else if (line.startsWith("version:")) {
          version = unquote(line.substring(8));
        }
      }
      if (name == null || version == null) {
        throw new IllegalStateException("plugin.yaml lacks name or version");
      }
      return new PluginInfo(name, version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unquote(String raw) {
    String v = raw.trim();
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      v = v.substring(1, v.length() - 1);
    }
    return v;
  }
}
