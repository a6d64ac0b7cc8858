package io.github.kubectlindexed.manifest;

import java.util.List;

/**
 * The init container's shell script. It travels in the container's {@code command}, which the kubelet expands first
 * ({@code $(VAR)} becomes the variable's value, {@code $$} becomes {@code $}), and the shell second. So every
 * {@code $} is written as {@code $$}, and every item is data in single quotes: it reaches the file byte for byte.
 */
final class InitScript {
  private InitScript() {}

  /**
   * The inline script: a {@code case} on the index that prints the item and a newline into the input path. Returns
   * null as soon as the (escaped) script would exceed {@code maxBytes}.
   */
  static String inline(List<String> items, String inputPath, int maxBytes) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("case \"$JOB_COMPLETION_INDEX\" in\n");
    int n = items.size();
    for (int i = 0; i < n; i++) {
      sb.append(i).append(") printf '%s\\n' ");
      quote(sb, items.get(i));
      sb.append(" ;;\n");
      if (sb.length() > maxBytes) {
        return null;
      }
    }
    sb.append("*) echo \"kubectl-indexed: no item for index $JOB_COMPLETION_INDEX\" >&2; exit 1 ;;\n");
    sb.append("esac > ");
    quote(sb, inputPath);
    sb.append('\n');
    String script = escapeForKubelet(sb);
    return Manifests.utf8Length(script) > maxBytes ? null : script;
  }

  /** The ConfigMap script: copy the pod's item file to the input path and end it with one newline. */
  static String copy(String itemsDir, String inputPath) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("{ cat ");
    quote(sb, itemsDir + "/");
    sb.append("\"$JOB_COMPLETION_INDEX\" && echo; } > ");
    quote(sb, inputPath);
    sb.append('\n');
    return escapeForKubelet(sb);
  }

  /** Appends {@code s} as one shell word in single quotes ({@code '} becomes {@code '\''}). */
  static void quote(StringBuilder sb, String s) {
    sb.append('\'');
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        sb.append("'\\''");
      } else {
        sb.append(c);
      }
    }
    sb.append('\'');
  }

  /** Doubles every {@code $} so that the kubelet's expansion gives the text back unchanged. */
  static String escapeForKubelet(CharSequence s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      out.append(c);
      if (c == '$') {
        out.append('$');
      }
    }
    return out.toString();
  }
}
