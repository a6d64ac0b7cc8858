package io.github.kubectlindexed.cli;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-HTTP stand-in API server for the real client factory: every Job list is empty, anything else is 404.
 * It records each request with its Authorization header, so tests see what credentials were sent.
 */
final class FakeApiServer implements AutoCloseable {
  record Seen(String method, String pathAndQuery, String authorization) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  FakeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String q = ex.getRequestURI().getRawQuery();
      String path = ex.getRequestURI().getRawPath() + (q == null ? "" : "?" + q);
      seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization")));
      ex.getRequestBody().readAllBytes();
      boolean jobList = ex.getRequestURI().getPath().endsWith("/jobs") && "GET".equals(ex.getRequestMethod());
      String body = jobList
          ? "{\"kind\":\"JobList\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}"
          : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"not here\","
              + "\"reason\":\"NotFound\",\"code\":404}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(jobList ? 200 : 404, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
