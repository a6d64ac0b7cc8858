package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kubectlindexed.PluginException;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that turns a client failure into the documented one line: the same failure gives the same line,
 * whichever command meets it. The server's own message (kubectl's wording) when it sent one; otherwise words for
 * what happened on the wire. Never a class name.
 */
public final class ApiErrors {
  private ApiErrors() {}

  static final String UNREACHABLE = "cannot reach the cluster: ";
  private static final String HINT = " (check --server, --context or KUBECONFIG)";

  /** One line for any failure met while talking to the cluster. */
  public static String describe(Throwable failure) {
    Throwable t = failure;
    if (t instanceof PluginException pe) {
      return pe.getMessage();
    }
    // the wire first: a refused connection carries no status, and fabric8 wraps it in its generic message
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException
          || c instanceof ClosedChannelException || c instanceof HttpConnectTimeoutException) {
        return UNREACHABLE + "connection refused or host unreachable" + HINT;
      }
      if (c instanceof UnknownHostException) {
        return UNREACHABLE + "no such host " + quoted(c.getMessage()) + HINT;
      }
      if (c instanceof javax.net.ssl.SSLException) {
        return UNREACHABLE + "TLS: " + firstLine(c.getMessage(), "handshake failed");
      }
      if (c instanceof TimeoutException || c instanceof HttpTimeoutException) {
        return "the cluster did not answer in time (--request-timeout)";
      }
      if (c instanceof KubernetesClientException k && k.getCode() > 0) {
        return status(k);
      }
    }
    if (t instanceof KubernetesClientException k) {
      String m = serverMessage(k);
      if (m != null) {
        return m;
      }
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof IOException) {
      return UNREACHABLE + firstLine(root.getMessage(), "the connection failed") + HINT;
    }
    String m = t.getMessage();
    if (m == null || m.isBlank() || m.startsWith("An error has occurred")) {
      m = root.getMessage();
    }
    if (m != null && m.startsWith("An error has occurred")) {
      return UNREACHABLE + "the connection was lost";
    }
    return firstLine(m, "the request failed");
  }

  /** True when the failure is on the wire (nothing answered), not an answer of the server. */
  public static boolean unreachable(Throwable failure) {
    return describe(failure).startsWith(UNREACHABLE);
  }

  /**
   * True when trying again may succeed: nothing answered (a restarting apiserver), the request timed out, or the
   * server said it is busy or failing for now (429, 500, 502, 503, 504).
   */
  public static boolean transientFailure(Throwable failure) {
    if (failure instanceof PluginException) {
      return false;
    }
    int code = code(failure);
    if (code == 0) {
      String line = describe(failure);
      // fabric8's generic wrapper with no status and no I/O cause: a connection dropped mid-request
      return line.startsWith(UNREACHABLE) || line.startsWith("the cluster did not answer in time")
          || failure instanceof KubernetesClientException && String.valueOf(failure.getMessage())
              .startsWith("An error has occurred");
    }
    return code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
  }

  /** A PluginException with exit 4 for a failed step: {@code "DOING: <the one line>"}, or the line alone. */
  public static PluginException cluster(String doing, Throwable failure) {
    String line = describe(failure);
    return PluginException.cluster(doing == null || line.startsWith(UNREACHABLE) ? line : doing + ": " + line,
        failure);
  }

  /** The HTTP status of an API failure, or 0 when nothing answered. */
  public static int code(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode();
      }
    }
    return 0;
  }

  private static String status(KubernetesClientException k) {
    String m = serverMessage(k);
    if (m != null) {
      return m;
    }
    return switch (k.getCode()) {
      case 401 -> "Unauthorized: the cluster did not accept the credentials";
      case 403 -> "Forbidden";
      case 404 -> "the server could not find the requested resource";
      case 409 -> "Conflict";
      case 422 -> "the server refused the object as invalid";
      case 429 -> "the server is busy (429 Too Many Requests)";
      default -> k.getCode() >= 500 ? "the server failed the request (" + k.getCode() + ")"
          : "the server refused the request (" + k.getCode() + ")";
    };
  }

  private static String serverMessage(KubernetesClientException k) {
    if (k.getStatus() != null && k.getStatus().getMessage() != null && !k.getStatus().getMessage().isBlank()
        && !k.getStatus().getMessage().startsWith("An error has occurred")) {
      return elideGoValues(firstLine(k.getStatus().getMessage(), null));
    }
    return null;
  }

  /**
   * The fields a 422 answer calls immutable ({@code spec.template}, {@code data}), in the server's order: from the
   * Status' causes, or from its message when it sent none. Empty for any other failure.
   */
  public static List<String> immutableFields(Throwable failure) {
    Set<String> fields = new LinkedHashSet<>();
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (!(c instanceof KubernetesClientException k) || k.getCode() != 422 || k.getStatus() == null) {
        continue;
      }
      Status st = k.getStatus();
      if (st.getDetails() != null && st.getDetails().getCauses() != null) {
        for (StatusCause cause : st.getDetails().getCauses()) {
          if (cause.getField() != null && String.valueOf(cause.getMessage()).contains(IMMUTABLE)) {
            fields.add(cause.getField());
          }
        }
      }
      if (fields.isEmpty() && st.getMessage() != null) {
        // "Kind.group "x" is invalid: [f: Invalid value: ...: field is immutable, g: Forbidden: ...]"
        String m = elideGoValues(st.getMessage());
        int at = m.indexOf(" is invalid: ");
        for (String part : ERROR_START.split(at < 0 ? m : m.substring(at + " is invalid: ".length()))) {
          int colon = part.indexOf(": ");
          if (colon > 0 && part.contains(IMMUTABLE)) {
            fields.add(part.substring(part.startsWith("[") ? 1 : 0, colon));
          }
        }
      }
      break;
    }
    return List.copyOf(fields);
  }

  private static final String IMMUTABLE = "field is immutable";
  /** Where the next error of an aggregated validation message begins: ", field: Kind of error: ". */
  private static final Pattern ERROR_START = Pattern.compile(", (?=[A-Za-z][\\w.\\[\\]/'-]*: (?:Invalid value|"
      + "Forbidden|Required value|Unsupported value|Duplicate value|Not found|Too long|Too many|Internal error): )");
  /** A Go value printed with %#v after "Invalid value: ": a struct, slice or map literal. */
  private static final Pattern GO_LITERAL = Pattern.compile("Invalid value: ((?:\\[\\]|map\\[[\\w.]+\\]|\\*)*"
      + "[A-Za-z_][\\w]*(?:\\.[A-Za-z_]\\w*)?)\\{");

  /**
   * The server's message with every Go struct, slice or map it printed after {@code Invalid value: } cut to
   * {@code Type{...}}: a changed pod template is otherwise about 6 KB of {@code core.PodTemplateSpec{...}}.
   */
  static String elideGoValues(String m) {
    if (m == null || !m.contains("Invalid value: ")) {
      return m;
    }
    StringBuilder out = new StringBuilder();
    Matcher g = GO_LITERAL.matcher(m);
    int from = 0;
    while (g.find(from)) {
      int open = g.end() - 1;
      int close = closingBrace(m, open);
      if (close < 0) {
        break;
      }
      out.append(m, from, open).append("{...}");
      from = close + 1;
    }
    return out.append(m, from, m.length()).toString();
  }

  /** The index of the brace that closes the one at {@code open}, skipping Go's quoted strings; -1 if none. */
  private static int closingBrace(String m, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < m.length(); i++) {
      char c = m.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String quoted(String s) {
    return s == null ? "" : "\"" + s + "\"";
  }

  private static String firstLine(String m, String fallback) {
    if (m == null || m.isBlank()) {
      return fallback;
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
