package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The API server's version (GET /version), asked with a deadline: {@code version} must not hang on a dead cluster. */
public final class ServerVersion {
  private ServerVersion() {}

  /** The server's answer, or why there is none. */
  public record Result(Map<String, String> fields, String error) {
    public boolean ok() {
      return fields != null;
    }
  }

  /** gitVersion, major, minor, platform, ... in kubectl's field names; empty values left out. */
  static Map<String, String> of(KubernetesClient client) {
    VersionInfo v = client.getKubernetesVersion();
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "major", v.getMajor());
    put(m, "minor", v.getMinor());
    put(m, "gitVersion", v.getGitVersion());
    put(m, "gitCommit", v.getGitCommit());
    put(m, "gitTreeState", v.getGitTreeState());
    put(m, "buildDate", v.getBuildDate() == null ? null : String.valueOf(v.getBuildDate()));
    put(m, "goVersion", v.getGoVersion());
    put(m, "compiler", v.getCompiler());
    put(m, "platform", v.getPlatform());
    return m;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  /** Connects and asks, giving up after {@code timeout}; never throws. */
  public static Result lookup(ClientFactory clients, Connection connection, Duration timeout) {
    CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try (Cluster cluster = clients.connect(connection)) {
        answer.complete(cluster.serverVersion());
      } catch (RuntimeException | Error e) {
        answer.completeExceptionally(e);
      }
    }, "server-version");
    worker.setDaemon(true);
    worker.start();
    try {
      return new Result(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (TimeoutException e) {
      return new Result(null, "the cluster did not answer within " + timeout.toSeconds() + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted");
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      return new Result(null, t instanceof io.github.kubectlindexed.PluginException ? t.getMessage()
          : ApiErrors.describe(t));
    }
  }
}
