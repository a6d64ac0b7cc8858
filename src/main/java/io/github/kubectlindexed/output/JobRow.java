package io.github.kubectlindexed.output;

/** One Job in {@code list}; also its {@code -o json} document. */
public record JobRow(String namespace, String name, int completions, int parallelism, int succeeded, int failed,
    int active, String state, String created, String completedIndexes, String failedIndexes) {}
