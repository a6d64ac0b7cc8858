package io.github.kubectlindexed.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import io.fabric8.kubernetes.api.model.NamedExtension;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.github.kubectlindexed.PluginException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kubeconfig user's {@code exec} credential plugin, run as client-go runs it (fabric8 7.5 runs it through a
 * shell, merges its stderr into the JSON, ignores {@code interactiveMode}, {@code provideClusterInfo} and
 * {@code expirationTimestamp}, and carries on without credentials when it fails; so this class runs it instead).
 *
 * <p>The plugin gets the kubeconfig's {@code env} on top of ours, its {@code args}, and
 * {@code KUBERNETES_EXEC_INFO} (with the cluster when {@code provideClusterInfo} is true); its stdin only when it
 * may be interactive, its stderr is ours. A token is kept until its {@code expirationTimestamp} (for the whole
 * run when it has none), then the plugin is run again. Every failure is one line beginning
 * {@code getting credentials:}, exit 4.
 */
final class ExecCredentials implements OAuthTokenProvider {
  static final Set<String> API_VERSIONS = Set.of("client.authentication.k8s.io/v1",
      "client.authentication.k8s.io/v1beta1");

  /** What the plugin returned: a token, or a client certificate and key (PEM), and when it expires (or null). */
  record Credential(String token, String certificate, String key, Instant expiry) {}

  private final ExecConfig exec;
  private final File kubeconfig;
  private final Cluster cluster;
  private final boolean terminal;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  private Credential cached;

  ExecCredentials(ExecConfig exec, File kubeconfig, Cluster cluster, boolean terminal, Clock clock) {
    this.exec = exec;
    this.kubeconfig = kubeconfig;
    this.cluster = cluster;
    this.terminal = terminal;
    this.clock = clock;
  }

  /** The current credential: the cached one while it has not expired, else the plugin's new one. */
  synchronized Credential credential() {
    if (cached == null || (cached.expiry() != null && !clock.instant().isBefore(cached.expiry()))) {
      cached = run();
    }
    return cached;
  }

  /** fabric8 asks before every request; a refresh that fails ends the request with the same one line. */
  @Override
  public String getToken() {
    try {
      return credential().token();
    } catch (PluginException e) {
      throw new KubernetesClientException(e.getMessage());
    }
  }

  private Credential run() {
    String apiVersion = exec.getApiVersion();
    if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
      throw fail("exec plugin: apiVersion \"" + (apiVersion == null ? "" : apiVersion)
          + "\" is not supported (use client.authentication.k8s.io/v1 or v1beta1)");
    }
    if (exec.getCommand() == null || exec.getCommand().isEmpty()) {
      throw fail("exec plugin: the user's exec has no command");
    }
    boolean interactive = interactive(apiVersion);
    String command = command();
    List<String> argv = new ArrayList<>();
    argv.add(command);
    if (exec.getArgs() != null) {
      argv.addAll(exec.getArgs());
    }
    ProcessBuilder pb = new ProcessBuilder(argv);
    Map<String, String> env = pb.environment();
    if (exec.getEnv() != null) {
      for (ExecEnvVar v : exec.getEnv()) {
        if (v.getName() != null) {
          env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
        }
      }
    }
    env.put("KUBERNETES_EXEC_INFO", execInfo(apiVersion, interactive));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.redirectInput(interactive ? ProcessBuilder.Redirect.INHERIT
        : ProcessBuilder.Redirect.from(new File("/dev/null")));
    byte[] out;
    int code;
    try {
      Process p = pb.start();
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      code = p.waitFor();
    } catch (IOException e) {
      throw fail(startError(command, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("exec: " + command + ": interrupted");
    }
    if (code != 0) {
      throw fail("exec: executable " + exec.getCommand() + " failed with exit code " + code);
    }
    return parse(new String(out, StandardCharsets.UTF_8), apiVersion);
  }

  /** client-go's rule: a relative command with a slash is relative to the kubeconfig's directory. */
  private String command() {
    String c = exec.getCommand();
    if (c.contains("/") && !c.startsWith("/") && kubeconfig != null) {
      File dir = kubeconfig.getAbsoluteFile().getParentFile();
      return dir == null ? c : new File(dir, c).toPath().normalize().toString();
    }
    return c;
  }

  /** Never: no stdin; IfAvailable: stdin when it is a terminal; Always: a terminal or an error. */
  private boolean interactive(String apiVersion) {
    String mode = exec.getInteractiveMode();
    if (mode == null || mode.isEmpty()) {
      if (apiVersion.endsWith("/v1")) {
        throw fail("exec plugin: interactiveMode must be specified for " + apiVersion
            + " (Never, IfAvailable or Always)");
      }
      mode = "IfAvailable";
    }
    switch (mode) {
      case "Never":
        return false;
      case "IfAvailable":
        return terminal;
      case "Always":
        if (!terminal) {
          throw fail("exec plugin cannot support interactive mode: standard input is not a terminal");
        }
        return true;
      default:
        throw fail("exec plugin: invalid interactiveMode \"" + mode + "\" (Never, IfAvailable or Always)");
    }
  }

  /** The ExecCredential the plugin reads from KUBERNETES_EXEC_INFO. */
  private String execInfo(String apiVersion, boolean interactive) {
    ObjectNode root = json.createObjectNode();
    root.put("kind", "ExecCredential");
    root.put("apiVersion", apiVersion);
    ObjectNode spec = root.putObject("spec");
    if (Boolean.TRUE.equals(exec.getProvideClusterInfo()) && cluster != null) {
      ObjectNode c = spec.putObject("cluster");
      c.put("server", cluster.getServer());
      if (cluster.getTlsServerName() != null) {
        c.put("tls-server-name", cluster.getTlsServerName());
      }
      if (Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify())) {
        c.put("insecure-skip-tls-verify", true);
      }
      String ca = caData();
      if (ca != null) {
        c.put("certificate-authority-data", ca);
      }
      if (cluster.getProxyUrl() != null) {
        c.put("proxy-url", cluster.getProxyUrl());
      }
      if (cluster.getExtensions() != null) {
        for (NamedExtension x : cluster.getExtensions()) {
          if ("client.authentication.k8s.io/exec".equals(x.getName()) && x.getExtension() != null) {
            c.set("config", json.valueToTree(x.getExtension()));
          }
        }
      }
    }
    spec.put("interactive", interactive);
    return root.toString();
  }

  private String caData() {
    if (cluster.getCertificateAuthorityData() != null) {
      return cluster.getCertificateAuthorityData();
    }
    if (cluster.getCertificateAuthority() != null) {
      Path p = Path.of(cluster.getCertificateAuthority());
      if (!p.isAbsolute() && kubeconfig != null && kubeconfig.getAbsoluteFile().getParentFile() != null) {
        p = kubeconfig.getAbsoluteFile().getParentFile().toPath().resolve(p);
      }
      try {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(p));
      } catch (IOException e) {
        throw fail("exec plugin: reading certificate-authority " + p + ": " + ioReason(e));
      }
    }
    return null;
  }

  private Credential parse(String out, String apiVersion) {
    JsonNode root;
    try {
      root = json.readTree(out);
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage() == null ? "not JSON" : e.getOriginalMessage().lines().findFirst().orElse("");
      throw fail("decoding stdout: " + m + " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
    }
    if (root == null || !root.isObject()) {
      throw fail("decoding stdout: the plugin printed no ExecCredential object");
    }
    String kind = root.path("kind").asText("");
    String version = root.path("apiVersion").asText("");
    if (!"ExecCredential".equals(kind)) {
      throw fail("decoding stdout: expected kind ExecCredential, got \"" + kind + "\"");
    }
    if (!apiVersion.equals(version)) {
      throw fail("exec plugin is configured to use API version " + apiVersion + ", plugin returned version "
          + version);
    }
    JsonNode status = root.get("status");
    if (status == null || !status.isObject()) {
      throw fail("exec plugin didn't return a status field");
    }
    String token = text(status, "token");
    String cert = text(status, "clientCertificateData");
    String key = text(status, "clientKeyData");
    if (token == null && cert == null && key == null) {
      throw fail("exec plugin didn't return a token or cert/key pair");
    }
    if ((cert == null) != (key == null)) {
      throw fail("exec plugin returned only certificate or key, not both");
    }
    Instant expiry = null;
    String exp = text(status, "expirationTimestamp");
    if (exp != null) {
      try {
        expiry = OffsetDateTime.parse(exp).toInstant();
      } catch (DateTimeParseException e) {
        throw fail("decoding stdout: expirationTimestamp \"" + exp + "\" is not an RFC 3339 time");
      }
    }
    return new Credential(token, cert, key, expiry);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  /** kubectl's words: fork/exec for a path, "executable ... not found" for a name looked up on PATH. */
  private String startError(String command, IOException e) {
    if (!command.contains("/")) {
      return "exec: executable " + command + " not found";
    }
    return "exec: fork/exec " + command + ": " + ioReason(e);
  }

  static String ioReason(IOException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("error=2,") || m.contains("No such file")) {
      return "no such file or directory";
    }
    if (m.contains("error=13,") || m.contains("Permission denied")) {
      return "permission denied";
    }
    if (m.contains("error=8,") || m.contains("Exec format error")) {
      return "exec format error";
    }
    int i = m.lastIndexOf(", ");
    return (i >= 0 ? m.substring(i + 2) : m).toLowerCase(java.util.Locale.ROOT);
  }

  private static PluginException fail(String message) {
    return PluginException.cluster("getting credentials: " + message, null);
  }
}
