package io.github.kubectlindexed.startup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;

/**
 * A tiny HTTPS stand-in for an apiserver, on loopback, for the training run only: it answers the few requests that
 * {@code wait}, {@code status}, {@code logs}, {@code list} and {@code version} send for one finished Indexed Job, so
 * that the startup archive also holds the client's classes (kubeconfig, TLS with a client certificate, HTTP, JSON).
 * Its key and self-signed certificate (for 127.0.0.1, in {@code /train/}) serve this purpose and nothing else.
 */
final class TrainingCluster implements AutoCloseable {
  static final String NAMESPACE = "train";
  static final String JOB = "train";
  private static final String UID = "00000000-0000-0000-0000-000000000001";

  private final HttpsServer server;
  private final Path kubeconfig;

  TrainingCluster() throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = resource("tls.p12")) {
      ks.load(in, "training".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "training".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.createContext("/", this::handle);
    server.start();
    kubeconfig = Files.createTempFile("kubectl-indexed-train", ".kubeconfig");
    String cert = b64(read("tls.crt"));
    String key = b64(read("tls.key"));
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: train
          cluster:
            server: https://127.0.0.1:%d
            certificate-authority-data: %s
        users:
        - name: train
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: train
          context:
            cluster: train
            user: train
            namespace: %s
        current-context: train
        """.formatted(server.getAddress().getPort(), cert, cert, key, NAMESPACE));
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
    Files.deleteIfExists(kubeconfig);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String jobs = "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs";
    String pods = "/api/v1/namespaces/" + NAMESPACE + "/pods";
    int code = 200;
    String type = "application/json";
    String body;
    if (path.equals("/version")) {
      body = "{\"major\":\"1\",\"minor\":\"36\",\"gitVersion\":\"v1.36.0\",\"platform\":\"linux/amd64\"}";
    } else if (path.equals(jobs + "/" + JOB)) {
      body = job();
    } else if (path.equals(jobs) || path.equals("/apis/batch/v1/jobs")) {
      body = "{\"kind\":\"JobList\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":["
          + job() + "]}";
    } else if (path.startsWith(pods + "/") && path.endsWith("/log")) {
      type = "text/plain";
      body = "oof\nrab\n";
    } else if (path.equals(pods)) {
      body = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\"},\"items\":["
          + pod(0) + "," + pod(1) + "]}";
    } else {
      code = 404;
      body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
          + "\"message\":\"not found\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String job() {
    return """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"%s","namespace":"%s","uid":"%s",
         "resourceVersion":"9","creationTimestamp":"2026-01-01T00:00:00Z",
         "labels":{"app.kubernetes.io/managed-by":"kubectl-indexed"}},
         "spec":{"completions":2,"parallelism":2,"completionMode":"Indexed","backoffLimit":6,
          "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"worker","image":"busybox",
           "command":["rev","/input/data.txt"]}]}}},
         "status":{"succeeded":2,"failed":0,"active":0,"completedIndexes":"0,1","ready":0,
          "startTime":"2026-01-01T00:00:01Z","completionTime":"2026-01-01T00:00:09Z",
          "conditions":[{"type":"SuccessCriteriaMet","status":"True","reason":"CompletionsReached",
           "lastTransitionTime":"2026-01-01T00:00:09Z"},{"type":"Complete","status":"True",
           "reason":"CompletionsReached","lastTransitionTime":"2026-01-01T00:00:09Z"}]}}
        """.formatted(JOB, NAMESPACE, UID);
  }

  private static String pod(int index) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%1$s-%2$d-abcde","namespace":"%3$s",
         "creationTimestamp":"2026-01-01T00:00:01Z","uid":"00000000-0000-0000-0001-00000000000%2$d",
         "labels":{"batch.kubernetes.io/job-name":"%1$s","job-name":"%1$s",
          "batch.kubernetes.io/job-completion-index":"%2$d","batch.kubernetes.io/controller-uid":"%4$s"},
         "annotations":{"batch.kubernetes.io/job-completion-index":"%2$d"},
         "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"%1$s","uid":"%4$s","controller":true}]},
         "spec":{"restartPolicy":"Never","nodeName":"node-0","containers":[{"name":"worker","image":"busybox"}]},
         "status":{"phase":"Succeeded","startTime":"2026-01-01T00:00:02Z","containerStatuses":[{"name":"worker",
          "ready":false,"restartCount":0,"image":"busybox","imageID":"","state":{"terminated":{"exitCode":0,
          "reason":"Completed","startedAt":"2026-01-01T00:00:02Z","finishedAt":"2026-01-01T00:00:05Z"}}}]}}
        """.formatted(JOB, index, NAMESPACE, UID);
  }

  private static InputStream resource(String name) {
    InputStream in = TrainingCluster.class.getResourceAsStream("/train/" + name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("training resource /train/" + name + " is missing"));
    }
    return in;
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    }
  }

  private static String b64(byte[] pem) {
    return Base64.getEncoder().encodeToString(pem);
  }
}
