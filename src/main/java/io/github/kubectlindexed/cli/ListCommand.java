package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.app.Jobs;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.output.Formats;
import io.github.kubectlindexed.output.JobRow;
import io.github.kubectlindexed.output.ListPrinter;
import io.github.kubectlindexed.output.ManifestPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code kubectl indexed list}: the Jobs this plugin made. */
@Command(name = "list", sortOptions = false,
    customSynopsis = "kubectl indexed list [flags]",
    description = {
        "List the Jobs made by kubectl indexed.",
        "",
        "These are the Jobs labelled app.kubernetes.io/managed-by=kubectl-indexed, shown with their"
            + " completions, succeeded, failed, age and state.",
    },
    footer = {"", "Examples:",
        "  kubectl indexed list",
        "  kubectl indexed list -A -o wide",
    })
public class ListCommand extends BaseCommand {
  @Option(names = {"-A", "--all-namespaces"}, description = "List the Jobs of every namespace.")
  boolean allNamespaces;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      completionCandidates = Formats.ListCandidates.class,
      description = "table (default), wide, name, or yaml or json (a kubectl List of the Jobs).")
  String output;

  @Override
  public Integer call() {
    Formats.Listing format = Formats.parse(Formats.Listing.class, output).orElseThrow(() -> PluginException.usage(
        "--output: \"" + output + "\": expected one of " + Formats.names(Formats.Listing.class)));
    try (Cluster cluster = connect()) {
      if (format == Formats.Listing.yaml || format == Formats.Listing.json) {
        ManifestPrinter.printList(out(), format == Formats.Listing.yaml ? ManifestPrinter.Format.yaml
            : ManifestPrinter.Format.json, Jobs.list(cluster, allNamespaces));
        return 0;
      }
      List<JobRow> rows = Jobs.list(cluster, allNamespaces).stream().map(ListCommand::row).toList();
      if (rows.isEmpty()) {
        note(allNamespaces ? "No Jobs made by kubectl-indexed found."
            : "No Jobs made by kubectl-indexed found in namespace " + cluster.namespace() + ".");
        return 0;
      }
      ListPrinter.print(out(), rows, format, allNamespaces, ctx().clock().instant());
      return 0;
    }
  }

  static JobRow row(Job j) {
    JobState s = JobState.of(j);
    return new JobRow(s.namespace(), s.name(), s.completions(), s.parallelism(), s.succeeded(), s.failed(),
        s.active(), link(state(s, j), j), j.getMetadata().getCreationTimestamp(), s.completedIndexes().toString(),
        s.failedIndexes().toString(), s.queue() == null ? null : s.admission());
  }

  /** A retry Job's state names its link: {@code Complete (retry-1 of NAME)}. */
  static String link(String state, Job j) {
    java.util.Map<String, String> labels = j.getMetadata().getLabels();
    String of = labels == null ? null : labels.get(io.github.kubectlindexed.manifest.Keys.RETRY_OF_LABEL);
    if (of == null) {
      return state;
    }
    return state + " (retry-" + labels.getOrDefault(io.github.kubectlindexed.manifest.Keys.RETRY_GENERATION_LABEL, "?")
        + " of " + of + ")";
  }

  /**
   * Complete, Failed, Failing (FailureTarget), Succeeding (SuccessCriteriaMet), Queued (suspended, waiting for
   * admission in a Kueue queue), Suspended, Running or Pending.
   */
  static String state(JobState s, Job j) {
    if (s.has(JobState.COMPLETE)) {
      return "Complete";
    }
    if (s.has(JobState.FAILED)) {
      return "Failed";
    }
    if (s.has(JobState.FAILURE_TARGET)) {
      return "Failing";
    }
    if (s.has(JobState.SUCCESS_CRITERIA_MET)) {
      return "Succeeding";
    }
    if (s.awaitingAdmission()) {
      return "Queued";
    }
    if (s.has("Suspended") || (j.getSpec() != null && Boolean.TRUE.equals(j.getSpec().getSuspend()))) {
      return "Suspended";
    }
    return s.active() > 0 || s.succeeded() > 0 || s.failed() > 0 ? "Running" : "Pending";
  }
}
