package io.github.kubectlindexed.output;

import java.util.List;

/** What {@code status} shows, also its {@code -o json|yaml} document. */
public record StatusView(
    String namespace,
    String name,
    int completions,
    int parallelism,
    int succeeded,
    int failed,
    int active,
    String completedIndexes,
    String failedIndexes,
    List<ConditionView> conditions,
    List<IndexView> indexes) {

  /** A Job condition. */
  public record ConditionView(String type, String status, String reason, String message) {}

  /** One completion index; null fields are unknown. */
  public record IndexView(int index, String item, String state, int attempts, String pod, List<String> pods,
      Long durationSeconds, Integer exitCode, String reason, String node) {}
}
