package io.github.kubectlindexed.wire;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * kubectl's {@code -v} request log, as an interceptor on the HTTP client: at 6 or more one line per request
 * ({@code GET URL 200 OK in 5 milliseconds}), at 8 or more also the request and response bodies, cut at
 * {@link #BODY_LIMIT} characters. Headers are never logged (the Authorization header holds the token), and any
 * {@code token}, {@code password} or {@code secret} field in a body is masked.
 */
public final class RequestLog implements Interceptor {
  public static final String NAME = "kubectl-indexed-request-log";
  /** The most characters of a body logged at -v=8 (kubectl cuts at 1024 too). */
  public static final int BODY_LIMIT = 1024;

  private static final Pattern SECRET_FIELD = Pattern.compile(
      "(\"(?:[A-Za-z]*[Tt]oken|[A-Za-z]*[Pp]assword|[A-Za-z]*[Ss]ecret|clientKeyData|client-key-data)\"\\s*:\\s*)\"[^\"]*\"");

  private final PrintWriter log;
  private final int verbosity;
  private final LongSupplier nanos;
  private final Map<String, ConcurrentLinkedDeque<Long>> started = new ConcurrentHashMap<>();

  public RequestLog(PrintWriter log, int verbosity) {
    this(log, verbosity, System::nanoTime);
  }

  RequestLog(PrintWriter log, int verbosity, LongSupplier nanos) {
    this.log = log;
    this.verbosity = verbosity;
    this.nanos = nanos;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    started.computeIfAbsent(key(request), k -> new ConcurrentLinkedDeque<>()).addLast(nanos.getAsLong());
    if (verbosity >= 8) {
      String body = request.bodyString();
      if (body != null && !body.isEmpty()) {
        line("Request Body: " + cut(mask(body)));
      }
    }
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    line(request.method() + " " + request.uri() + " " + response.code() + " " + reason(response.code()) + " in "
        + elapsedMillis(request) + " milliseconds");
  }

  @Override
  public void afterConnectionFailure(HttpRequest request, Throwable failure) {
    line(request.method() + " " + request.uri() + "  in " + elapsedMillis(request) + " milliseconds (no response)");
  }

  @Override
  public AsyncBody.Consumer<List<ByteBuffer>> consumer(AsyncBody.Consumer<List<ByteBuffer>> consumer,
      HttpRequest request) {
    if (verbosity < 8) {
      return consumer;
    }
    StringBuilder seen = new StringBuilder();
    boolean[] done = {false};
    return (buffers, body) -> {
      if (!done[0]) {
        for (ByteBuffer b : buffers) {
          seen.append(StandardCharsets.UTF_8.decode(b.duplicate()));
        }
        if (seen.length() > 0) {
          done[0] = true; // the first chunk: a whole small response, or the start of a stream
          line("Response Body: " + cut(mask(seen.toString())));
        }
      }
      consumer.consume(buffers, body);
    };
  }

  private long elapsedMillis(HttpRequest request) {
    ConcurrentLinkedDeque<Long> q = started.get(key(request));
    Long t0 = q == null ? null : q.pollFirst();
    return t0 == null ? 0 : Math.max(0, (nanos.getAsLong() - t0) / 1_000_000);
  }

  private static String key(HttpRequest request) {
    return request.method() + " " + request.uri();
  }

  static String mask(String body) {
    return SECRET_FIELD.matcher(body).replaceAll("$1\"<masked>\"");
  }

  static String cut(String body) {
    String oneLine = body.strip().replace("\n", " ");
    return oneLine.length() <= BODY_LIMIT ? oneLine
        : oneLine.substring(0, BODY_LIMIT) + " [truncated " + (oneLine.length() - BODY_LIMIT) + " chars]";
  }

  private void line(String text) {
    synchronized (log) {
      log.println(text);
      log.flush();
    }
  }

  /** The reason phrase kubectl prints after the code. */
  static String reason(int code) {
    switch (code) {
      case HttpURLConnection.HTTP_OK: return "OK";
      case HttpURLConnection.HTTP_CREATED: return "Created";
      case HttpURLConnection.HTTP_ACCEPTED: return "Accepted";
      case HttpURLConnection.HTTP_NO_CONTENT: return "No Content";
      case 101: return "Switching Protocols";
      case HttpURLConnection.HTTP_BAD_REQUEST: return "Bad Request";
      case HttpURLConnection.HTTP_UNAUTHORIZED: return "Unauthorized";
      case HttpURLConnection.HTTP_FORBIDDEN: return "Forbidden";
      case HttpURLConnection.HTTP_NOT_FOUND: return "Not Found";
      case HttpURLConnection.HTTP_CONFLICT: return "Conflict";
      case HttpURLConnection.HTTP_GONE: return "Gone";
      case 422: return "Unprocessable Entity";
      case 429: return "Too Many Requests";
      case HttpURLConnection.HTTP_INTERNAL_ERROR: return "Internal Server Error";
      case HttpURLConnection.HTTP_UNAVAILABLE: return "Service Unavailable";
      case HttpURLConnection.HTTP_GATEWAY_TIMEOUT: return "Gateway Timeout";
      default: return "";
    }
  }
}
