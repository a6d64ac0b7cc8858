package io.github.kubectlindexed.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's expansion of {@code $(VAR)} in a container's command and args, after Kubernetes'
 * {@code third_party/forked/golang/expansion}: {@code $$} is an escaped {@code $}; {@code $(NAME)} becomes the
 * value when NAME is defined and stays as written when not; an unterminated {@code $(} and a {@code $} before any
 * other character stay as written.
 */
final class KubeletExpansion {
  private KubeletExpansion() {}

  static String expand(String input, Map<String, String> vars) {
    StringBuilder out = new StringBuilder(input.length());
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) == '$' && cursor + 1 < input.length()) {
        out.append(input, checkpoint, cursor);
        char next = input.charAt(cursor + 1);
        int advance;
        if (next == '$') {
          out.append('$');
          advance = 1;
        } else if (next == '(') {
          int close = input.indexOf(')', cursor + 2);
          if (close < 0) {
            out.append("$(");
            advance = 1;
          } else {
            String name = input.substring(cursor + 2, close);
            String value = vars.get(name);
            out.append(value != null ? value : "$(" + name + ")");
            advance = close - cursor;
          }
        } else {
          out.append('$').append(next);
          advance = 1;
        }
        cursor += advance;
        checkpoint = cursor + 1;
      }
    }
    out.append(input, Math.min(checkpoint, input.length()), input.length());
    return out.toString();
  }

  /** What a container command printed (stdout and stderr together) and its exit code. */
  record Run(int exit, String output) {}

  /**
   * Runs an already expanded container command as the container would: no stdin, and an environment of PATH and
   * {@code vars} only.
   */
  static Run run(List<String> argv, Map<String, String> vars) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().putAll(vars);
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running after 30 s: " + argv);
    }
    return new Run(p.exitValue(), output);
  }
}
