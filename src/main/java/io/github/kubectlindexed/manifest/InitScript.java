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

  /**
   * The retry resolver, plain shell (before kubelet escaping): reads the index map from {@code $KUBECTL_INDEXED_INDEX_MAP}
   * and the new index from {@code $JOB_COMPLETION_INDEX}, and exports the original index as JOB_COMPLETION_INDEX.
   * Both values are checked to be digits, commas and hyphens before any arithmetic; nothing of them is run.
   */
  static String resolver() {
    return """
        _kim=$KUBECTL_INDEXED_INDEX_MAP; _kij=$JOB_COMPLETION_INDEX; _kio=
        case $_kij in ''|*[!0-9]*) echo "kubectl-indexed: no completion index" >&2; exit 1 ;; esac
        case $_kim in ''|*[!0-9,-]*) echo "kubectl-indexed: unreadable index map" >&2; exit 1 ;; esac
        _kifs=$IFS; IFS=,
        for _kir in $_kim; do
          case $_kir in *-*) _kia=${_kir%-*}; _kib=${_kir#*-} ;; *) _kia=$_kir; _kib=$_kir ;; esac
          if [ "$_kij" -le $((_kib - _kia)) ]; then _kio=$((_kia + _kij)); break; fi
          _kij=$((_kij - (_kib - _kia) - 1))
        done
        IFS=$_kifs
        [ -n "$_kio" ] || { echo "kubectl-indexed: index $JOB_COMPLETION_INDEX is not in the index map" >&2; exit 1; }
        JOB_COMPLETION_INDEX=$_kio; export JOB_COMPLETION_INDEX
        """;
  }

  /**
   * The retried worker's wrapper, escaped for the kubelet: resolve, then replace every literal
   * {@code $(JOB_COMPLETION_INDEX)} left in the arguments (the kubelet was told not to expand it) by the original
   * index, then exec the worker's own command. The arguments are data: they are only compared and copied.
   */
  static String workerWrapper() {
    String ref = "'$(" + Manifests.INDEX_ENV + ")'";
    return escapeForKubelet(resolver() + "_kin=$#\n"
        + "while [ \"$_kin\" -gt 0 ]; do\n"
        + "  _kiw=$1; shift; _kiv=\n"
        + "  while :; do\n"
        + "    case $_kiw in\n"
        + "      *" + ref + "*) _kiv=$_kiv${_kiw%%" + ref + "*}$JOB_COMPLETION_INDEX; _kiw=${_kiw#*" + ref + "} ;;\n"
        + "      *) break ;;\n"
        + "    esac\n"
        + "  done\n"
        + "  set -- \"$@\" \"$_kiv$_kiw\"; _kin=$((_kin - 1))\n"
        + "done\n"
        + "exec \"$@\"\n");
  }

  /** An init script made to resolve the original index first: {@code script} is already escaped for the kubelet. */
  static String resolvedFirst(String script) {
    return escapeForKubelet(resolver()) + script;
  }

  /** The downward style's retry init script: the original index, as the downward file held it (no newline). */
  static String indexFile(String path) {
    StringBuilder sb = new StringBuilder(resolver());
    sb.append("printf '%s' \"$JOB_COMPLETION_INDEX\" > ");
    quote(sb, path);
    sb.append('\n');
    return escapeForKubelet(sb);
  }
}
