package io.github.kubectlindexed.output;

import java.util.List;

/**
 * What {@code status} shows, also its {@code -o yaml} document. {@code state} is null for an ordinary Job, else
 * "Suspended", "Suspended: waiting for admission in queue Q" or "admitted by queue Q at T".
 */
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
    List<IndexView> indexes,
    String state) {

  /** A Job condition. */
  public record ConditionView(String type, String status, String reason, String message) {}

  /** One completion index; null fields are unknown. */
  public record IndexView(int index, String item, String state, int attempts, String pod, List<String> pods,
      Long durationSeconds, Integer exitCode, String reason, String node) {}
}
