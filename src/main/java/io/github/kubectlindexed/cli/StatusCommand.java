package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.app.AwaitJob;
import io.github.kubectlindexed.app.RetryChain;
import io.github.kubectlindexed.app.ShowStatus;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.StatusReader;
import io.github.kubectlindexed.output.AccountingPrinter;
import io.github.kubectlindexed.output.Formats;
import io.github.kubectlindexed.output.StatusPrinter;
import io.github.kubectlindexed.output.StatusView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubectl indexed status}: one row per completion index. */
@Command(name = "status", sortOptions = false,
    customSynopsis = "kubectl indexed status [NAME] [flags]",
    description = {
        "Show an Indexed Job by completion index.",
        "",
        "First a header with the conditions, completed and failed indexes, then one row per index: INDEX, ITEM"
            + " (when the items are in ConfigMaps), STATE (Succeeded, Failed, Running, Pending, NotStarted),"
            + " ATTEMPTS, POD, DURATION, EXIT/REASON. -o csv and -o json add the node and the created, scheduled,"
            + " started and finished times of each index (one row per index, streamed).",
        "",
        "With no NAME, shows the newest Job made by kubectl indexed in the namespace.",
    },
    footer = {"", "Examples:",
        "  kubectl indexed status indexed-job",
        "  kubectl indexed status -o json job/indexed-job",
        "  kubectl indexed status -w",
    })
public class StatusCommand extends BaseCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      completionCandidates = Formats.StatusCandidates.class,
      description = "table (default), wide, json, yaml or csv. csv and json: one row per index with its times"
          + " (accounting), streamed.")
  String output;

  @Option(names = {"-w", "--watch"}, description = "Redraw the table while the Job runs; stop when it has finished.")
  boolean watch;

  @Option(names = "--no-chain", description = "Show this Job only, not its retry chain (see retry).")
  boolean noChain;

  @Option(names = "--failed-set", description = "Print only the indexes whose newest outcome is Failed, e.g. 3,7-9,"
      + " ready for retry --index.")
  boolean failedSet;

  @Override
  public Integer call() throws InterruptedException {
    Formats.Status format = Formats.parse(Formats.Status.class, output).orElseThrow(() -> PluginException.usage(
        "--output: \"" + output + "\": expected one of " + Formats.names(Formats.Status.class)));
    if (watch && !(format == Formats.Status.table || format == Formats.Status.wide)) {
      throw PluginException.usage("--watch: works with -o table or wide only");
    }
    String jobName = JobRef.parseName(name);
    if (format == Formats.Status.csv || format == Formats.Status.json) {
      return account(jobName, format);
    }
    try (Cluster cluster = connect()) {
      if (!watch) {
        StatusReader.Report report = ShowStatus.once(cluster, jobName, this::note, ctx().clock());
        if (!noChain) {
          report = Chained.status(cluster, report, ctx().clock(), this::note);
        }
        if (failedSet) {
          out().println(RetryChain.failedSet(report));
          out().flush();
          return 0;
        }
        StatusPrinter.print(out(), view(report), format);
        return 0;
      }
      Job job = cluster.resolve(jobName, this::note);
      boolean tty = ctx().terminal();
      AwaitJob.Outcome outcome = ShowStatus.watch(cluster, job, ctx().clock(), tty, r -> draw(r, format, tty));
      if (outcome instanceof AwaitJob.Deleted) {
        throw PluginException.outcome(outcome.message());
      }
      return 0;
    }
  }

  /** {@code -o csv|json}: one row per index, streamed (issue 14's accounting). */
  private int account(String jobName, Formats.Status format) {
    try (Cluster cluster = connect(); AccountingPrinter p = AccountingPrinter.of(out(), format)) {
      ShowStatus.account(cluster, jobName, this::note, ctx().clock(),
          s -> p.header(new AccountingPrinter.Header(s.namespace(), s.name(), s.completions(), s.parallelism(),
              s.succeeded(), s.failed(), s.active(), s.completedIndexes().toString(), s.failedIndexes().toString(),
              s.conditions().stream().map(c -> new StatusView.ConditionView(c.type(), c.status(), c.reason(),
                  c.message())).toList(), state(s))),
          r -> p.row(new AccountingPrinter.Row(r.index(), r.item(), r.state(), r.attempts(), r.pod(), r.pods(),
              r.node(), r.created(), r.scheduled(), r.started(), r.finished(), r.durationSeconds(), r.exitCode(),
              r.reason())));
    }
    return 0;
  }

  private boolean drawn;

  private void draw(StatusReader.Report report, Formats.Status format, boolean tty) {
    StatusView v = view(report);
    if (tty) {
      out().print("\u001b[H\u001b[2J");
    } else if (drawn) {
      out().println();
    }
    drawn = true;
    StatusPrinter.print(out(), v, format);
  }

  static StatusView view(StatusReader.Report r) {
    JobState s = r.job();
    return new StatusView(s.namespace(), s.name(), s.completions(), s.parallelism(), s.succeeded(), s.failed(),
        s.active(), s.completedIndexes().toString(), s.failedIndexes().toString(),
        s.conditions().stream().map(c -> new StatusView.ConditionView(c.type(), c.status(), c.reason(), c.message()))
            .toList(),
        r.rows().stream().map(x -> new StatusView.IndexView(x.index(), x.item(), x.state(), x.attempts(), x.pod(),
            x.pods(), x.duration() == null ? null : x.duration().getSeconds(), x.exitCode(), x.reason(), x.node()))
            .toList(), state(s));
  }

  /** Suspended, waiting for admission in a Kueue queue, or admitted by one; null for an ordinary Job. */
  static String state(JobState s) {
    String a = s.admission();
    if (a == null) {
      return null;
    }
    return a.equals("suspended") ? "Suspended" : s.suspended() ? "Suspended: " + a : a;
  }
}
