package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock server in CRUD mode, plus what CRUD mode cannot do: pod logs (served from {@link #log}),
 * server-side apply (simulated as create-or-replace, or answered by a hook), and watch faults injected on demand
 * (a dropped watch, a 410 Gone).
 */
public final class MockCluster implements AutoCloseable {
  /**
   * A fault for the next watch on a resource: DROP closes it, GONE answers 410 Gone, DEAF keeps it open and sends
   * nothing (a watch that misses what happens while it is away, as fabric8's does while it backs off to watch again).
   */
  public enum Fault { DROP, GONE, DEAF }

  private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

  public final KubernetesMockServer server;
  private final Map<String, String> logs = new ConcurrentHashMap<>();
  private final Map<String, Queue<Fault>> watchFaults = new ConcurrentHashMap<>();
  private final Map<String, Integer> watchCounts = new ConcurrentHashMap<>();
  /** A request the server received, with its body read once. */
  public record Req(String method, String path, String contentType, String body) {}

  public final List<Req> requests = new CopyOnWriteArrayList<>();
  /** Answers a server-side apply instead of the default create-or-replace when set (return null to fall through). */
  public volatile Function<Req, MockResponse> applyHook;
  /** Answers any request instead of the store when set and it returns a response (return null to fall through). */
  public volatile Function<Req, MockResponse> hook;
  /** Requests refused 403 as RBAC refuses them: "METHOD pathPart" → the server's message. */
  private final Map<String, String> forbidden = new java.util.concurrent.ConcurrentHashMap<>();

  /** Answers 403 Forbidden with {@code message} to every {@code method} request whose path contains {@code part}. */
  public void forbid(String method, String part, String message) {
    forbidden.put(method.toUpperCase() + " " + part, message);
  }

  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  public MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMixedDispatcher mixed = new KubernetesMixedDispatcher(responses);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new Faulty(mixed), false);
    server.init();
  }

  /** A fresh client; failing requests are not retried. */
  public NamespacedKubernetesClient client() {
    return server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
  }

  /** Serves {@code text} as the log of a pod's container. */
  public void log(String pod, String container, String text) {
    logs.put(pod + "/" + container, text);
  }

  /** The next watch on {@code plural} (e.g. "jobs", "pods") suffers {@code fault}. */
  public void failNextWatch(String plural, Fault fault) {
    watchFaults.computeIfAbsent(plural, k -> new ConcurrentLinkedQueue<>()).add(fault);
  }

  /**
   * After {@code skip} more requests touching {@code plural} (gets and watches), the next {@code requests} answer
   * 503: the apiserver away.
   */
  public void outage(String plural, int skip, int requests) {
    outages.put(plural, new Outage(new AtomicInteger(skip), new AtomicInteger(requests)));
  }

  /** Requests of the outage on {@code plural} still to fail. */
  public int outageLeft(String plural) {
    Outage o = outages.get(plural);
    return o == null ? 0 : Math.max(0, o.fail().get());
  }

  private record Outage(AtomicInteger skip, AtomicInteger fail) {}

  private final Map<String, Outage> outages = new java.util.concurrent.ConcurrentHashMap<>();

  /** How many watches on {@code plural} the server has accepted. */
  public int watches(String plural) {
    return watchCounts.getOrDefault(plural, 0);
  }

  public List<Req> requests(String method, String pathPart) {
    List<Req> out = new ArrayList<>();
    for (Req r : requests) {
      if (r.method().equalsIgnoreCase(method) && r.path().contains(pathPart)) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.destroy();
  }

  static Map<String, String> query(String path) {
    Map<String, String> q = new LinkedHashMap<>();
    int i = path.indexOf('?');
    if (i < 0) {
      return q;
    }
    for (String kv : path.substring(i + 1).split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  /** The API server's Status answer. */
  public static MockResponse status(int code, String reason, String message) {
    Status s = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    return new MockResponse().setResponseCode(code).setBody(Serialization.asJson(s))
        .setHeader("Content-Type", "application/json");
  }

  private final class Faulty extends Dispatcher {
    private final KubernetesMixedDispatcher inner;

    Faulty(KubernetesMixedDispatcher inner) {
      this.inner = inner;
    }

    @Override
    public MockResponse dispatch(RecordedRequest original) {
      String body = original.getBody() == null ? "" : original.getUtf8Body();
      Req req = new Req(original.getMethod(), original.getPath(), original.getHeader("Content-Type"), body);
      requests.add(req);
      Function<Req, MockResponse> any = hook;
      MockResponse hooked = any == null ? null : any.apply(req);
      if (hooked != null) {
        return hooked;
      }
      RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(original.getMethod().toUpperCase()),
          original.getPath(), original.getHeaders(), new Buffer().writeUtf8(body));
      String path = request.getPath();
      Map<String, String> q = query(path);
      String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      for (Map.Entry<String, String> f : forbidden.entrySet()) {
        String[] mp = f.getKey().split(" ", 2);
        if (mp[0].equalsIgnoreCase(request.getMethod()) && path.contains(mp[1])) {
          return status(403, "Forbidden", f.getValue());
        }
      }
      if ("DELETE".equalsIgnoreCase(request.getMethod()) && "All".equals(q.get("dryRun"))) {
        // a server dry run deletes nothing: answer with the object as it is (or its 404)
        return inner.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, plain, original.getHeaders(),
            new Buffer()));
      }
      Matcher log = LOG_PATH.matcher(path);
      if ("GET".equalsIgnoreCase(request.getMethod()) && log.matches()) {
        return serveLog(log.group(2), q);
      }
      for (Map.Entry<String, Outage> o : outages.entrySet()) {
        if (plain.contains("/" + o.getKey()) && o.getValue().skip().getAndDecrement() <= 0
            && o.getValue().fail().getAndDecrement() > 0) {
          return status(503, "ServiceUnavailable", "the apiserver is restarting");
        }
      }
      if ("true".equals(q.get("watch"))) {
        String plural = plain.substring(plain.lastIndexOf('/') + 1);
        Queue<Fault> faults = watchFaults.get(plural);
        Fault f = faults == null ? null : faults.poll();
        watchCounts.merge(plural, 1, Integer::sum);
        if (f != null) {
          return fault(f);
        }
      }
      if ("PATCH".equalsIgnoreCase(request.getMethod())
          && String.valueOf(request.getHeader("Content-Type")).startsWith("application/apply-patch")) {
        Function<Req, MockResponse> hook = applyHook;
        if (hook != null) {
          MockResponse r = hook.apply(requests.get(requests.size() - 1));
          if (r != null) {
            return r;
          }
        }
        return serverSideApply(body, plain, q);
      }
      return inner.dispatch(request);
    }

    private MockResponse serveLog(String pod, Map<String, String> q) {
      String container = q.get("container");
      String text = logs.get(pod + "/" + container);
      if (text == null && container == null) {
        text = logs.entrySet().stream().filter(e -> e.getKey().startsWith(pod + "/")).map(Map.Entry::getValue)
            .findFirst().orElse(null);
      }
      if (text == null) {
        return status(400, "BadRequest", "container \"" + container + "\" in pod \"" + pod
            + "\" is waiting to start: PodInitializing");
      }
      if (q.containsKey("tailLines")) {
        List<String> lines = text.lines().toList();
        int n = Integer.parseInt(q.get("tailLines"));
        text = String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()))
            + (lines.isEmpty() ? "" : "\n");
      }
      return new MockResponse().setResponseCode(200).setBody(text).setHeader("Content-Type", "text/plain");
    }

    private MockResponse fault(Fault f) {
      return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
        @Override
        public void onOpen(WebSocket ws, Response response) {
          if (f == Fault.DEAF) {
            return;
          }
          if (f == Fault.GONE) {
            Status gone = new StatusBuilder().withStatus("Failure").withCode(410).withReason("Expired")
                .withMessage("too old resource version").build();
            ws.send("{\"type\":\"ERROR\",\"object\":" + Serialization.asJson(gone) + "}");
          }
          ws.close(1000, f == Fault.GONE ? "gone" : "dropped");
        }
      });
    }

    /** Server-side apply as create-or-replace in the CRUD store (no field ownership, no merge). */
    private MockResponse serverSideApply(String body, String plain, Map<String, String> q) {
      HasMetadata obj = Serialization.unmarshal(body);
      String collection = plain.substring(0, plain.lastIndexOf('/'));
      MockResponse existing = inner.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, plain,
          Headers.builder().build(), new Buffer()));
      boolean exists = existing.code() == 200;
      if (q.containsKey("dryRun")) {
        return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(obj));
      }
      Headers json = Headers.builder().add("Content-Type", "application/json").build();
      if (exists) {
        HasMetadata old = Serialization.unmarshal(existing.getBody().readUtf8());
        obj.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
        obj.getMetadata().setUid(old.getMetadata().getUid());
        obj.getMetadata().setCreationTimestamp(old.getMetadata().getCreationTimestamp());
        return inner.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, plain, json,
            new Buffer().writeUtf8(Serialization.asJson(obj))));
      }
      return inner.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, json,
          new Buffer().writeUtf8(Serialization.asJson(obj))));
    }
  }

  static <T> List<T> unmodifiable(List<T> l) {
    return Collections.unmodifiableList(l);
  }
}
