package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.app.RetryChain;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.StatusReader;

import java.time.Clock;
import java.util.function.Consumer;

/** The reading commands' one step into a retry chain: find it, say so on stderr, or leave the one Job alone. */
final class Chained {
  private Chained() {}

  /** The chain of {@code job} when it has retries (noted on {@code notes}), else null. */
  static RetryChain.Chain of(Cluster cluster, Job job, Consumer<String> notes) {
    RetryChain.Chain chain = RetryChain.of(cluster, job);
    if (!chain.hasRetries()) {
      return null;
    }
    notes.accept(chain.note());
    return chain;
  }

  /** The chain's report when the Job has retries, else {@code report} itself. */
  static StatusReader.Report status(Cluster cluster, StatusReader.Report report, Clock clock,
      Consumer<String> notes) {
    Job job = cluster.find(report.job().name());
    RetryChain.Chain chain = job == null ? null : of(cluster, job, notes);
    return chain == null ? report : RetryChain.status(cluster, chain, report, clock);
  }
}
