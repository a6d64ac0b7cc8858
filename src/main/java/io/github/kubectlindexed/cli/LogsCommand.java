package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.ExitCodes;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cli.options.GoDuration;
import io.github.kubectlindexed.app.CollectLogs;
import io.github.kubectlindexed.app.RetryChain;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobRef;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.LogFollower;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.output.Formats;
import io.github.kubectlindexed.output.LineWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code kubectl indexed logs}: the logs of an Indexed Job, by completion index. */
@Command(name = "logs", sortOptions = false,
    customSynopsis = "kubectl indexed logs [NAME] [flags]",
    description = {
        "Print the logs of an Indexed Job by completion index.",
        "",
        "An index's logs come from its succeeded attempt, otherwise from its newest one (--attempts all: every"
            + " attempt, oldest first). Lines go to stdout prefixed with [INDEX] when more than one index is shown"
            + " (and with the container and attempt when more than one of them is shown); markers go to stderr.",
        "",
        "Without -f the output is ordered by index. With -f it follows every selected index, picks up pods"
            + " created later, and ends when the Job has finished and the streams have drained.",
        "",
        "With no NAME, reads the newest Job made by kubectl indexed in the namespace. A Job with retries (see"
            + " retry) is read across its chain: each index from the newest Job that ran it (--no-chain: one Job;"
            + " -f follows one Job).",
    },
    footer = {"", "Examples:",
        "  kubectl indexed logs indexed-job --index 3",
        "  kubectl indexed logs -f",
        "  kubectl indexed logs job/indexed-job --index 0-2,7 -c input",
    })
public class LogsCommand extends BaseCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "NAME, job/NAME or jobs/NAME.")
  String name;

  @Option(names = "--index", paramLabel = "SET", description = "Indexes to show: 3, 0-2,7 (default: all).")
  String index;

  @Option(names = "--all", description = "Show every index (the default).")
  boolean all;

  @Option(names = {"-f", "--follow"}, description = "Stream the logs until the Job has finished.")
  boolean follow;

  @Option(names = "--attempts", paramLabel = "WHICH", defaultValue = "last", completionCandidates = Attempts.class,
      description = "last (the succeeded attempt, else the newest) or all (oldest first).")
  String attempts;

  @Option(names = {"-c", "--container"}, paramLabel = "NAME", description = "The container (e.g. input for the init container).")
  String container;

  @Option(names = "--all-containers", description = "Show every container, init containers first.")
  boolean allContainers;

  @Option(names = "--prefix", description = "Always prefix lines with [INDEX].")
  boolean prefix;

  @Option(names = "--no-prefix", description = "Never prefix lines.")
  boolean noPrefix;

  @Option(names = "--tail", paramLabel = "N", defaultValue = "-1", description = "Lines of recent log per container (-1: all).")
  int tail;

  @Option(names = "--since", paramLabel = "DURATION", converter = GoDuration.Converter.class,
      description = "Only lines newer than this (Go duration, e.g. 5m).")
  Duration since;

  @Option(names = "--since-time", paramLabel = "TIME", description = "Only lines after this RFC 3339 time.")
  String sinceTime;

  @Option(names = {"-p", "--previous"}, description = "The previous terminated container of each pod.")
  boolean previous;

  @Option(names = "--timestamps", description = "Prefix each line with its timestamp.")
  boolean timestamps;

  @Option(names = "--no-chain", description = "This Job's own logs only, not its retry chain's (see retry).")
  boolean noChain;

  @Option(names = "--max-log-requests", paramLabel = "N",
      description = "Most log requests at once (default 10; with -f, the most streams open at once, default 50).")
  Integer maxLogRequests;

  @picocli.CommandLine.Mixin
  io.github.kubectlindexed.cli.options.OutputDirOptions saving;

  @Override
  public Integer call() throws InterruptedException {
    IndexSet requested = parseIndexes();
    LogCollector.Options o = options();
    java.nio.file.Path dir = saving.checked(false);
    String jobName = JobRef.parseName(name);
    try (Cluster cluster = connect()) {
      Job job = cluster.resolve(jobName, this::note);
      JobState state = JobState.of(job);
      RetryChain.Chain chain = noChain || follow ? null : Chained.of(cluster, job, this::note);
      if (chain != null) {
        state = chain.original().state();
      }
      IndexSet selected = LogCollector.select(state, requested);
      PrintWriter err = err();
      if (dir != null) { // README "Saving output": one file per index instead of stdout
        return follow ? OutputDir.follow(ctx(), err, cluster, job, selected, o, saving.given(), dir,
            saving.deleteFinishedPods())
            : OutputDir.once(ctx(), err, cluster, state, chain, selected, o, saving.given(), dir,
                saving.deleteFinishedPods());
      }
      if (follow) {
        // a retry may come while following: its lines are marked [i #k] as they arrive
        LineWriter lines = LineWriter.of(out(), selected.size(), CollectLogs.containersShown(job, o), 2,
            forcePrefix());
        LogFollower.Result r = CollectLogs.follow(cluster, state, selected, o, new LogLines(lines, err), null,
            ctx().clock());
        return Exits.of(r, state.name());
      }
      java.util.function.Supplier<LogCollector.Plan> planner = chain == null ? null
          : () -> RetryChain.logPlan(cluster, chain, selected, o);
      CollectLogs.Collected c = CollectLogs.collect(cluster, state, selected, o, planner, plan -> new LogLines(
          LineWriter.of(out(), selected.size(), plan.containerCount(), plan.severalAttempts() ? 2 : 1,
              forcePrefix()), err));
      if (!c.missing().isEmpty()) {
        throw PluginException.cluster("no pod yet for " + (c.missing().size() == 1 ? "index " : "indexes ")
            + c.missing(), null);
      }
      if (c.unread() > 0) {
        throw PluginException.cluster("could not read " + c.unread() + (c.unread() == 1 ? " log" : " logs"), null);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code --attempts}: the values, and their completion candidates. */
  static final class Attempts implements Iterable<String> {
    enum Which { last, all }

    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(Which.values()).map(Enum::name).iterator();
    }
  }

  Boolean forcePrefix() {
    return prefix ? Boolean.TRUE : noPrefix ? Boolean.FALSE : null;
  }

  IndexSet parseIndexes() {
    if (index != null && all) {
      throw PluginException.usage("--index and --all: give one or the other");
    }
    if (index == null) {
      return null;
    }
    try {
      IndexSet s = IndexSet.parse(index);
      if (s.isEmpty()) {
        throw PluginException.usage("--index: \"" + index + "\": no index given");
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw PluginException.usage("--index: " + e.getMessage());
    }
  }

  LogCollector.Options options() {
    Attempts.Which which = Formats.parse(Attempts.Which.class, attempts).orElseThrow(
        () -> PluginException.usage("--attempts: \"" + attempts + "\": expected last or all"));
    if (container != null && allContainers) {
      throw PluginException.usage("-c and --all-containers: give one or the other");
    }
    if (prefix && noPrefix) {
      throw PluginException.usage("--prefix and --no-prefix: give one or the other");
    }
    if (since != null && sinceTime != null) {
      throw PluginException.usage("--since and --since-time: give one or the other");
    }
    if (since != null && (since.isNegative() || since.isZero())) {
      throw PluginException.usage("--since: \"" + GoDuration.format(since) + "\": must be positive");
    }
    if (sinceTime != null) {
      try {
        Instant.parse(sinceTime);
      } catch (DateTimeParseException e) {
        throw PluginException.usage("--since-time: \"" + sinceTime + "\": expected an RFC 3339 time such as "
            + "2025-01-01T10:00:00Z");
      }
    }
    if (tail < -1) {
      throw PluginException.usage("--tail: " + tail + ": must be -1 (all) or more");
    }
    if (follow && previous) {
      throw PluginException.usage("-f and -p: only one of follow or previous is allowed");
    }
    int max = maxLogRequests == null ? (follow ? 50 : 10) : maxLogRequests;
    if (max < 1) {
      throw PluginException.usage("--max-log-requests: " + max + ": must be at least 1");
    }
    return new LogCollector.Options(container, allContainers, which == Attempts.Which.all, tail >= 0 ? tail : null,
        since, sinceTime, previous, timestamps, max);
  }
}
