package io.github.kubectlindexed.manifest;

import java.util.Map;

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
}
