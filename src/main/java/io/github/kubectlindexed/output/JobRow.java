package io.github.kubectlindexed.output;

/**
 * One Job in {@code list}; also its {@code -o json} document. {@code admission} is null unless the Job is queued for
 * Kueue: then "waiting for admission in queue Q" or "admitted by queue Q at T".
 */
public record JobRow(String namespace, String name, int completions, int parallelism, int succeeded, int failed,
    int active, String state, String created, String completedIndexes, String failedIndexes, String admission) {}
