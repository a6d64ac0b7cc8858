package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.wire.PodProto;

import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Lists a Job's pods in pages of 500 and reads each page through a mapper that keeps only the fields the
 * commands look at: names, labels, annotations, owners, phase, node, container names and container states.
 *
 * <p>A pod on the wire is about 4 KiB, most of it managedFields, volumes, env and conditions; a 10,000-pod Job is
 * 40 MB of JSON. Binding all of it into fabric8's model is what made {@code status} of such a Job slow and heavy.
 * The request is the GET (same URL, same client, same auth, retries and User-Agent) that
 * {@code client.pods().withLabel(..).list(..)} sends, asking for protobuf first, as client-go does; the apiserver
 * encodes a large list several times faster that way ({@link PodProto}). JSON answers (proxies, the mock server)
 * are read through the slim mapper.
 */
public final class PodLister {
  /** Page size: kubectl's default chunk size. */
  public static final long PAGE = 500;

  /** What one listing saw: the pods and the resourceVersion of its last page (to watch from). */
  public record Listed(List<Pod> pods, String resourceVersion) {}

  private static final ObjectMapper SLIM = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addMixIn(ObjectMeta.class, SlimMeta.class)
      .addMixIn(PodSpec.class, SlimSpec.class)
      .addMixIn(Container.class, SlimContainer.class)
      .addMixIn(PodStatus.class, SlimStatus.class)
      .addMixIn(PodCondition.class, SlimCondition.class)
      .addMixIn(ContainerStatus.class, SlimContainerStatus.class);

  @JsonIncludeProperties({"name", "namespace", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp",
      "labels", "annotations", "ownerReferences"})
  interface SlimMeta {}

  @JsonIncludeProperties({"nodeName", "containers", "initContainers"})
  interface SlimSpec {}

  @JsonIncludeProperties({"name"})
  interface SlimContainer {}

  @JsonIncludeProperties({"phase", "reason", "message", "startTime", "conditions", "containerStatuses",
      "initContainerStatuses"})
  interface SlimStatus {}

  @JsonIncludeProperties({"type", "status", "lastTransitionTime"})
  interface SlimCondition {}

  @JsonIncludeProperties({"name", "state", "ready", "started", "restartCount"})
  interface SlimContainerStatus {}

  private PodLister() {}

  /**
   * Every pod in {@code namespace} with label {@code label=value}, following continue tokens to the end. Asks for
   * the next page as soon as the current one's continue token has arrived, so the apiserver encodes page n+1 while
   * page n is read.
   */
  public static Listed list(KubernetesClient client, String namespace, String label, String value) {
    List<Pod> out = new ArrayList<>();
    String rv = forEachPage(client, namespace, label, value, out::addAll);
    return new Listed(out, rv);
  }

  /**
   * Hands each page of pods to {@code page} as it is read, and keeps none of them: memory stays one page however
   * many pods the Job has. Returns the resourceVersion of the last page.
   */
  public static String forEachPage(KubernetesClient client, String namespace, String label, String value,
      java.util.function.Consumer<List<Pod>> page) {
    String selector = label + "=" + value;
    boolean protobuf = true;
    String cont = null;
    CompletableFuture<HttpResponse<InputStream>> pending = send(client, namespace, selector, null, true);
    Buffer buffer = new Buffer();
    while (true) {
      Prefetch next = new Prefetch(client, namespace, selector, protobuf);
      PodList got;
      try {
        got = read(await(pending), next, buffer);
      } catch (IllegalArgumentException unreadableProtobuf) {
        // a bug here, or a server that speaks a dialect we do not: JSON is always there
        next.cancel();
        if (!protobuf) {
          throw new KubernetesClientException("listing pods: " + unreadableProtobuf.getMessage(), unreadableProtobuf);
        }
        protobuf = false;
        pending = send(client, namespace, selector, cont, false);
        continue;
      }
      page.accept(got.getItems() == null ? List.of() : got.getItems());
      String rv = got.getMetadata() == null ? null : got.getMetadata().getResourceVersion();
      cont = got.getMetadata() == null ? null : got.getMetadata().getContinue();
      if (cont == null || cont.isEmpty()) {
        next.cancel();
        return rv;
      }
      pending = next.request(cont);
    }
  }

  /** The request for the next page, sent at most once: early from a protobuf prefix, or after the page. */
  private static final class Prefetch {
    private final KubernetesClient client;
    private final String namespace;
    private final String selector;
    private final boolean protobuf;
    private String sentFor;
    private CompletableFuture<HttpResponse<InputStream>> sent;

    Prefetch(KubernetesClient client, String namespace, String selector, boolean protobuf) {
      this.client = client;
      this.namespace = namespace;
      this.selector = selector;
      this.protobuf = protobuf;
    }

    CompletableFuture<HttpResponse<InputStream>> request(String cont) {
      if (sent == null || !cont.equals(sentFor)) {
        cancel();
        sentFor = cont;
        sent = send(client, namespace, selector, cont, protobuf);
      }
      return sent;
    }

    void cancel() {
      if (sent != null) {
        sent.thenAccept(r -> closeQuietly(r.body()));
        sent = null;
      }
    }
  }

  private static CompletableFuture<HttpResponse<InputStream>> send(KubernetesClient client, String namespace,
      String selector, String cont, boolean protobuf) {
    StringBuilder url = new StringBuilder(client.getMasterUrl().toString().replaceAll("/+$", ""))
        .append("/api/v1/namespaces/").append(encode(namespace)).append("/pods?labelSelector=")
        .append(encode(selector)).append("&limit=").append(PAGE);
    if (cont != null) {
      url.append("&continue=").append(encode(cont));
    }
    HttpClient http = client.getHttpClient();
    HttpRequest.Builder req = http.newHttpRequestBuilder().uri(url.toString())
        .header("Accept", protobuf ? PodProto.MEDIA_TYPE + ", application/json" : "application/json")
        .header("Accept-Encoding", "gzip");
    int timeoutMs = client.getConfiguration().getRequestTimeout();
    if (timeoutMs > 0) {
      req.timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }
    return http.sendAsync(req.build(), InputStream.class);
  }

  private static HttpResponse<InputStream> await(CompletableFuture<HttpResponse<InputStream>> pending) {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while listing pods", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof KubernetesClientException k) {
        throw k;
      }
      throw new KubernetesClientException("listing pods: " + cause.getMessage(), cause);
    }
  }

  /** Reads one page; a protobuf page hands its continue token to {@code next} before the rest of it arrives. */
  private static PodList read(HttpResponse<InputStream> resp, Prefetch next, Buffer buffer) {
    String type = resp.header("Content-Type");
    boolean isProtobuf = type != null && type.startsWith(PodProto.MEDIA_TYPE);
    try (InputStream body = gzipped(resp) ? new GZIPInputStream(resp.body(), 64 * 1024) : resp.body()) {
      if (!resp.isSuccessful()) {
        throw failure(resp.code(), body == null ? new byte[0] : body.readAllBytes(), isProtobuf);
      }
      if (!isProtobuf) {
        return SLIM.readValue(body, PodList.class);
      }
      int n = body.readNBytes(buffer.bytes, 0, PREFIX);
      ListMeta meta = PodProto.listMetaPrefix(buffer.bytes, n);
      if (meta != null && meta.getContinue() != null && !meta.getContinue().isEmpty()) {
        next.request(meta.getContinue());
      }
      n = buffer.readRest(body, n);
      return PodProto.podList(buffer.bytes, n);
    } catch (IOException e) {
      throw new KubernetesClientException("listing pods: " + e.getMessage(), e);
    }
  }

  /**
   * A copy of {@code p} with only the fields a listed pod has: for pods that arrive through a watch, which fabric8
   * reads whole. The same mixins choose the fields, so a watched pod and a listed one keep the same. Null stays null.
   */
  public static Pod slim(Pod p) {
    return p == null ? null : SLIM.convertValue(p, Pod.class);
  }

  /** A PodList in JSON, read as slim as a protobuf one. */
  static PodList readJson(byte[] body) throws IOException {
    return SLIM.readValue(body, PodList.class);
  }

  /**
   * The bytes of a protobuf page, kept from page to page: a page of 500 pods is about 1.6 MB unzipped, and reading
   * each into fresh arrays made a 10,000-pod listing allocate (and the collector copy) several times the data.
   */
  static final class Buffer {
    byte[] bytes;

    Buffer() {
      this(1 << 20);
    }

    Buffer(int size) {
      bytes = new byte[size];
    }

    /** Reads {@code in} to its end after the {@code n} bytes already in the buffer, growing it; the new length. */
    int readRest(InputStream in, int n) throws IOException {
      for (int got; (got = in.read(bytes, n, bytes.length - n)) >= 0; ) {
        n += got;
        if (n == bytes.length) {
          bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
      }
      return n;
    }
  }

  /** Enough of a protobuf page for its envelope and list metadata (a continue token is about 100 bytes). */
  private static final int PREFIX = 4096;

  private static void closeQuietly(InputStream in) {
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException ignored) {
      // the response is being dropped
    }
  }

  /** The server's Status as a fabric8 exception, as a typed list call would have thrown it. */
  private static KubernetesClientException failure(int code, byte[] bytes, boolean protobuf) {
    Status status = null;
    try {
      status = protobuf ? PodProto.status(bytes) : SLIM.readValue(bytes, Status.class);
    } catch (IOException | IllegalArgumentException notAStatus) {
      // a proxy's HTML page, say: keep the text below
    }
    if (status == null || status.getMessage() == null) {
      String text = protobuf ? "" : new String(bytes, StandardCharsets.UTF_8).strip();
      status = new Status();
      status.setMessage(text.isEmpty() ? "HTTP " + code : text);
    }
    status.setCode(code);
    return new KubernetesClientException(status);
  }

  private static boolean gzipped(HttpResponse<?> resp) {
    return resp.headers("Content-Encoding").stream().anyMatch(v -> v.trim().equalsIgnoreCase("gzip"));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
