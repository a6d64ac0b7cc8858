package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cluster.JobRef;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.cluster.Session;
import io.github.kubectlindexed.cluster.StatusReader;
import io.github.kubectlindexed.output.StatusPrinter;
import io.github.kubectlindexed.output.StatusView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code kubectl indexed status}: one row per completion index. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Show an Indexed Job by index: a header with the conditions, completed and failed indexes, then one row",
        "per index: INDEX, ITEM (when the items are in ConfigMaps), STATE (Succeeded, Failed, Running, Pending,",
        "NotStarted), ATTEMPTS, POD, DURATION, EXIT/REASON.",
        "With no NAME, shows the newest Job made by kubectl-indexed in the namespace.",
    },
    footer = {"", "Examples:", "  kubectl indexed status indexed-job", "  kubectl indexed status -o json job/indexed-job",
        "  kubectl indexed status -w"})
public class StatusCommand extends BaseCommand {
  static final List<String> FORMATS = List.of("table", "wide", "json", "yaml");

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default), wide, json or yaml.")
  String output;

  @Option(names = {"-w", "--watch"}, description = "Redraw the table while the Job runs; stop when it has finished.")
  boolean watch;

  @Override
  public Integer call() throws InterruptedException {
    String format = output.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw PluginException.usage("--output: \"" + output + "\": expected one of " + String.join(", ", FORMATS));
    }
    if (watch && !(format.equals("table") || format.equals("wide"))) {
      throw PluginException.usage("--watch: works with -o table or wide only");
    }
    String jobName = JobRef.parseName(name);
    try (Session session = connect()) {
      // with a NAME, list the pods while the Job is read (the owner check comes after)
      StatusReader.Early early = watch || jobName == null ? null
          : StatusReader.early(session.client(), session.namespace(), jobName);
      Job job = JobRef.resolve(session, jobName, err());
      if (!watch) {
        StatusReader.Report report = early != null ? early.report(job, ctx().clock().instant())
            : StatusReader.read(session.client(), session.namespace(), job, ctx().clock().instant());
        StatusPrinter.print(out(), view(report), format);
        return 0;
      }
      String resolved = job.getMetadata().getName();
      boolean tty = ctx().terminal();
      JobWaiter waiter = new JobWaiter(session.client(), session.namespace(), resolved, ctx().clock())
          .tick(Duration.ofSeconds(2));
      final Job[] latest = {job};
      JobWaiter.Outcome outcome = waiter.await(JobWaiter.Goal.COMPLETE, false, null, new JobWaiter.Listener() {
        @Override
        public void onUpdate(JobState s) {
          latest[0] = JobRef.get(session, resolved);
          if (latest[0] != null) {
            draw(session, latest[0], format, tty);
          }
        }

        @Override
        public void onTick() {
          if (tty && latest[0] != null) {
            draw(session, latest[0], format, true);
          }
        }
      });
      // SuccessCriteriaMet / FailureTarget come before the pods have ended: show the end state once more
      if (outcome.kind() != JobWaiter.Kind.DELETED && outcome.kind() != JobWaiter.Kind.TIMEOUT) {
        Job last = JobRef.get(session, resolved);
        if (last != null && !last.getMetadata().getResourceVersion()
            .equals(latest[0].getMetadata().getResourceVersion())) {
          draw(session, last, format, tty);
        }
      }
      if (outcome.kind() == JobWaiter.Kind.DELETED) {
        throw PluginException.outcome(outcome.message());
      }
      return 0;
    }
  }

  private boolean drawn;

  private void draw(Session session, Job job, String format, boolean tty) {
    StatusView v = view(StatusReader.read(session.client(), session.namespace(), job, ctx().clock().instant()));
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
            .toList());
  }
}
