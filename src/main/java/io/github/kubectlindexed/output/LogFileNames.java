package io.github.kubectlindexed.output;

import java.util.regex.Pattern;

/**
 * The names of the files {@code logs --output-dir} and {@code run --output-dir} write, one per index (and per
 * attempt with {@code --attempts all}, and per container when containers were chosen with {@code -c} or
 * {@code --all-containers}):
 *
 * <pre>
 *   7.log                 the attempt that speaks for index 7, its default container
 *   7.attempt-2.log       --attempts all: index 7's second attempt (oldest first, from 1)
 *   7.input.log           -c input or --all-containers: the container's name before .log
 *   7.attempt-2.input.log both
 * </pre>
 *
 * Container names are DNS labels (no dot), so every name reads back one way. A file being written has the name
 * {@code .<name>.partial} (hidden, and not ending in {@code .log}): it is renamed to its name only once complete,
 * so a file with a result's name is always complete, and a partial one is never mistaken for a result. The hidden
 * journal {@value #JOURNAL} records which pod's log each saved file holds; it is neither a result nor a partial.
 */
public final class LogFileNames {
  private LogFileNames() {}

  private static final String PARTIAL = ".partial";

  /** The journal of saved files: a line per file saved, {@code <file name> <pod name>}; a name's last line wins. */
  public static final String JOURNAL = ".kubectl-indexed-saved";
  private static final Pattern RESULT_NAME = Pattern.compile("\\d+(\\.attempt-\\d+)?(\\.[a-z0-9-]+)?\\.log");
  private static final Pattern PARTIAL_NAME = Pattern.compile("\\." + RESULT_NAME.pattern()
      + Pattern.quote(PARTIAL));

  /**
   * The file of one log.
   *
   * @param perAttempt {@code --attempts all}: the attempt's number is in the name
   * @param perContainer containers were chosen ({@code -c} or {@code --all-containers}): the container's is too
   */
  public static String of(int index, int attempt, String container, boolean perAttempt, boolean perContainer) {
    if (index < 0) {
      throw new IllegalArgumentException("index " + index);
    }
    StringBuilder sb = new StringBuilder().append(index);
    if (perAttempt) {
      if (attempt < 1) {
        throw new IllegalArgumentException("attempt " + attempt);
      }
      sb.append(".attempt-").append(attempt);
    }
    if (perContainer) {
      if (container == null || container.isEmpty() || container.indexOf('.') >= 0 || container.indexOf('/') >= 0) {
        throw new IllegalArgumentException("container " + container);
      }
      sb.append('.').append(container);
    }
    return sb.append(".log").toString();
  }

  /**
   * The name a log is written under until it is complete. It always names the attempt (several attempts of one
   * index may be written at once while they are followed), and cannot be taken for a result.
   */
  public static String partial(int index, int attempt, String container, boolean perContainer) {
    return "." + of(index, attempt, container, true, perContainer) + PARTIAL;
  }

  /** Whether a file in the directory is a partial log left by an earlier run (removed when the next one starts). */
  public static boolean isPartial(String fileName) {
    return PARTIAL_NAME.matcher(fileName).matches();
  }

  /** Whether a file in the directory has a saved log's name. */
  public static boolean isResult(String fileName) {
    return RESULT_NAME.matcher(fileName).matches();
  }
}
