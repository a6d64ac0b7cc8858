package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.PluginInfo;
import io.github.kubectlindexed.cluster.Connection;
import io.github.kubectlindexed.cluster.ServerVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code kubectl indexed version}: the plugin's name and version (from plugin.yaml), the Java runtime, and the API
 * server's version when a cluster answers within 2 s. {@code --client} does not contact the cluster.
 */
@Command(name = "version", sortOptions = false,
    customSynopsis = "kubectl indexed version [flags]",
    description = {
        "Print the plugin, Java runtime and server versions.",
        "",
        "The server version is shown when a cluster answers within 2s; --client does not contact the cluster.",
    },
    footer = {"", "Examples:",
        "  kubectl indexed version --client",
        "  kubectl indexed version -o json",
    })
public class VersionCommand extends BaseCommand {
  /** How long the server may take to answer. */
  static final Duration SERVER_TIMEOUT = Duration.ofSeconds(2);

  enum Format { json, yaml }

  @Option(names = "--client", description = "Print the client version only; do not contact the cluster.")
  boolean clientOnly;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Output format: json or yaml (default: plain text).")
  Format output;

  @Override
  public Integer call() {
    PluginInfo info = PluginInfo.get();
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, String> plugin = new LinkedHashMap<>();
    plugin.put("name", "kubectl-" + info.name());
    plugin.put("version", info.version());
    doc.put("pluginVersion", plugin);
    doc.put("javaRuntime", javaRuntime());

    String serverError = null;
    if (!clientOnly) {
      ServerVersion.Result server = ServerVersion.lookup(ctx().clients(), withDeadline(kube.connection()),
          SERVER_TIMEOUT);
      if (server.ok()) {
        doc.put("serverVersion", server.fields());
      } else {
        serverError = server.error();
      }
    }

    PrintWriter out = out();
    if (output == Format.json) {
      out.println(Json.write(doc, 0));
    } else if (output == Format.yaml) {
      out.print(Yaml.write(doc, 0));
    } else {
      out.println("Plugin Version: " + plugin.get("name") + " " + plugin.get("version"));
      Map<String, String> rt = javaRuntime();
      out.println("Java Runtime: " + rt.get("version") + " (" + rt.get("vendor")
          + (rt.containsKey("home") ? ", " + rt.get("home") : "") + ")");
      @SuppressWarnings("unchecked")
      Map<String, String> sv = (Map<String, String>) doc.get("serverVersion");
      if (sv != null) {
        out.println("Server Version: " + sv.getOrDefault("gitVersion", sv.get("major") + "." + sv.get("minor")));
      }
    }
    out.flush();
    if (serverError != null) {
      err().println("warning: no server version: " + serverError);
      err().flush();
    }
    return 0;
  }

  static Map<String, String> javaRuntime() {
    Map<String, String> m = new LinkedHashMap<>();
    boolean nativeImage = System.getProperty("org.graalvm.nativeimage.imagecode") != null;
    m.put("version", nativeImage ? "native image" : System.getProperty("java.runtime.version",
        Runtime.version().toString()));
    m.put("vendor", String.valueOf(System.getProperty("java.vendor")));
    String home = System.getProperty("java.home");
    if (!nativeImage && home != null) {
      m.put("home", home);
    }
    return m;
  }

  /** The user's --request-timeout when given, else the 2 s the version lookup allows. */
  private static Connection withDeadline(Connection c) {
    Duration t = c.requestTimeout() != null && !c.requestTimeout().isZero() ? c.requestTimeout() : SERVER_TIMEOUT;
    return new Connection(c.namespace(), c.kubeconfig(), c.context(), c.cluster(), c.user(), c.as(), c.asGroups(),
        c.server(), c.token(), c.insecureSkipTlsVerify(), t, c.verbosity());
  }

  /** A small JSON writer for nested string maps: {@code version} must not load a JSON library. */
  static final class Json {
    private Json() {}

    static String write(Object v, int indent) {
      if (v instanceof Map<?, ?> map) {
        if (map.isEmpty()) {
          return "{}";
        }
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          sb.append("  ".repeat(indent + 1)).append(quote(String.valueOf(e.getKey()))).append(": ")
              .append(write(e.getValue(), indent + 1));
          sb.append(++i < map.size() ? ",\n" : "\n");
        }
        return sb.append("  ".repeat(indent)).append('}').toString();
      }
      return v == null ? "null" : quote(String.valueOf(v));
    }

    static String quote(String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      return sb.append('"').toString();
    }
  }

  /** A small YAML writer for nested string maps; every scalar is written as a JSON-style double-quoted string. */
  static final class Yaml {
    private Yaml() {}

    static String write(Map<?, ?> map, int indent) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append("  ".repeat(indent)).append(e.getKey()).append(':');
        if (e.getValue() instanceof Map<?, ?> child) {
          sb.append(child.isEmpty() ? " {}\n" : "\n" + write(child, indent + 1));
        } else {
          sb.append(' ').append(Json.quote(String.valueOf(e.getValue()))).append('\n');
        }
      }
      return sb.toString();
    }
  }
}
