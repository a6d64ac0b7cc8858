package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.wire.PodProto;

import io.github.kubectlindexed.manifest.Keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * {@link PodLister} against a plain HTTP server that answers with bodies a real apiserver sent (the fabric8 mock
 * server speaks JSON only): paging through protobuf, gzip, the fall back to JSON, and the server's errors.
 */
class PodListerTest {
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private Function<HttpExchange, Reply> handler;
  private KubernetesClient client;

  record Reply(int code, String type, byte[] body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      requests.add(URLDecoder.decode(ex.getRequestURI().toString(), StandardCharsets.UTF_8) + " accept="
          + ex.getRequestHeaders().getFirst("Accept"));
      Reply r = handler.apply(ex);
      byte[] body = r.body();
      String encoding = ex.getRequestHeaders().getFirst("Accept-Encoding");
      if (encoding != null && encoding.contains("gzip")) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(zipped)) {
          gz.write(body);
        }
        body = zipped.toByteArray();
        ex.getResponseHeaders().add("Content-Encoding", "gzip");
      }
      ex.getResponseHeaders().add("Content-Type", r.type());
      ex.sendResponseHeaders(r.code(), body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
        .withRequestRetryBackoffLimit(0).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private static Reply proto(String fixture) {
    try {
      return new Reply(200, PodProto.MEDIA_TYPE, PodProtoTest.fixture(fixture));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void pagesThroughProtobufFollowingTheContinueToken() throws IOException {
    String token = new String(PodProtoTest.fixture("fx-page1.continue")).strip();
    handler = ex -> ex.getRequestURI().getRawQuery().contains("continue=") ? proto("fx-page2.pb") : proto("fx-page1.pb");
    PodLister.Listed listed = PodLister.list(client, "fx", Keys.JOB_NAME_LABEL, "fx");
    assertEquals(4, listed.pods().size());
    assertEquals(List.of("fx-0-h2pmf", "fx-1-6jg2w", "fx-1-lfpfh", "fx-2-kkw9h"),
        listed.pods().stream().map(p -> p.getMetadata().getName()).sorted().toList());
    assertEquals(2, requests.size(), requests.toString());
    String first = "/api/v1/namespaces/fx/pods?labelSelector=batch.kubernetes.io/job-name=fx&limit=500";
    assertEquals(first + " accept=application/vnd.kubernetes.protobuf, application/json", requests.get(0));
    assertEquals(first + "&continue=" + token + " accept=application/vnd.kubernetes.protobuf, application/json",
        requests.get(1));
    assertEquals(PodProto.podList(PodProtoTest.fixture("fx-page2.pb")).getMetadata().getResourceVersion(),
        listed.resourceVersion());
  }

  @Test
  void thePageBufferGrowsAndKeepsEveryByte() throws IOException {
    byte[] page = PodProtoTest.fixture("fx.pb");
    PodLister.Buffer buffer = new PodLister.Buffer(16);
    System.arraycopy(page, 0, buffer.bytes, 0, 10);
    int n = buffer.readRest(new java.io.ByteArrayInputStream(page, 10, page.length - 10), 10);
    assertEquals(page.length, n);
    assertEquals(java.util.Arrays.toString(page), java.util.Arrays.toString(java.util.Arrays.copyOf(buffer.bytes, n)));
    assertEquals(4, PodProto.podList(buffer.bytes, n).getItems().size());
  }

  @Test
  void aJsonAnswerIsReadToo() {
    handler = ex -> {
      try {
        return new Reply(200, "application/json", PodProtoTest.fixture("fx.json"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    List<Pod> pods = PodLister.list(client, "fx", Keys.JOB_NAME_LABEL, "fx").pods();
    assertEquals(4, pods.size());
    assertEquals(1, requests.size());
  }

  @Test
  void protobufThatCannotBeReadIsAskedForAgainAsJson() {
    handler = ex -> {
      try {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept.startsWith(PodProto.MEDIA_TYPE)) {
          return new Reply(200, PodProto.MEDIA_TYPE, "k8s\0 not a list".getBytes(StandardCharsets.ISO_8859_1));
        }
        return new Reply(200, "application/json", PodProtoTest.fixture("fx.json"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    assertEquals(4, PodLister.list(client, "fx", Keys.JOB_NAME_LABEL, "fx").pods().size());
    assertEquals(2, requests.size(), requests.toString());
    assertTrue(requests.get(1).endsWith(" accept=application/json"), requests.get(1));
  }

  @Test
  void theServersRefusalIsTheError() {
    handler = ex -> {
      try {
        return new Reply(400, PodProto.MEDIA_TYPE, PodProtoTest.fixture("bad.pb"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    KubernetesClientException e = assertThrows(KubernetesClientException.class,
        () -> PodLister.list(client, "fx", Keys.JOB_NAME_LABEL, "fx"));
    assertEquals(400, e.getCode());
    assertTrue(e.getStatus().getMessage().startsWith("unable to parse requirement"), e.getStatus().getMessage());
  }

  @Test
  void aRefusalInJsonOrPlainTextIsTheErrorToo() {
    handler = ex -> new Reply(403, "application/json",
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods is forbidden\",\"code\":403}"
            .getBytes(StandardCharsets.UTF_8));
    KubernetesClientException e = assertThrows(KubernetesClientException.class,
        () -> PodLister.list(client, "fx", Keys.JOB_NAME_LABEL, "fx"));
    assertEquals(403, e.getCode());
    assertEquals("pods is forbidden", e.getStatus().getMessage());

    handler = ex -> new Reply(502, "text/plain", "bad gateway".getBytes(StandardCharsets.UTF_8));
    e = assertThrows(KubernetesClientException.class,
        () -> PodLister.list(client, "fx", Keys.JOB_NAME_LABEL, "fx"));
    assertEquals(502, e.getCode());
    assertEquals("bad gateway", e.getStatus().getMessage());
  }
}
