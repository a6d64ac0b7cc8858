package io.github.kubectlindexed.app;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.StatusReader;
import io.github.kubectlindexed.index.IndexMap;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.manifest.Keys;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.RetryManifests;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Retry chains: a Job and the retry Jobs that re-ran some of its indexes (label {@link Keys#RETRY_OF_LABEL}, index
 * map in {@link Keys#INDEX_MAP_ANNOTATION}). Every retry points at the chain's first Job and speaks in its
 * indexes; the newest Job that ran an index speaks for it.
 */
public final class RetryChain {
  private RetryChain() {}

  /** One Job of a chain: generation 0 is the original, whose map is the identity. */
  public record Link(Job job, JobState state, int generation, IndexMap map) {
    public String name() {
      return state.name();
    }

    /** {@code original} or {@code retry-<n>}. */
    public String label() {
      return generation == 0 ? "original" : "retry-" + generation;
    }

    /** The new index of original index {@code i} in this Job, or -1 when this Job did not run it. */
    public int newIndex(int i) {
      if (map == null) {
        return i < state.completions() ? i : -1;
      }
      return map.newIndex(i);
    }

    /** Original indexes this Job completed. */
    public IndexSet succeeded() {
      return map == null ? state.completedIndexes() : map.originalsOf(state.completedIndexes());
    }
  }

  /** The chain, oldest first. */
  public record Chain(Link original, List<Link> retries) {
    public boolean hasRetries() {
      return !retries.isEmpty();
    }

    public List<Link> all() {
      List<Link> all = new ArrayList<>(retries.size() + 1);
      all.add(original);
      all.addAll(retries);
      return all;
    }

    public Link newest() {
      return retries.isEmpty() ? original : retries.get(retries.size() - 1);
    }

    /** The original indexes that some Job of the chain completed. */
    public IndexSet succeeded() {
      IndexSet s = IndexSet.empty();
      for (Link l : all()) {
        s = s.union(l.succeeded());
      }
      return s;
    }

    /** The original indexes no Job of the chain completed. */
    public IndexSet notSucceeded() {
      return IndexSet.range(original.state().completions()).minus(succeeded());
    }

    /** The Jobs of the chain that have not finished yet. */
    public List<Link> running() {
      return all().stream().filter(l -> !l.state().finished()).toList();
    }

    /** "NAME, NAME-retry-1": the names, oldest first. */
    public String names() {
      return all().stream().map(Link::name).collect(Collectors.joining(", "));
    }

    /** The stderr note of a command that follows the chain. */
    public String note() {
      return "following the retry chain of job/" + original.name() + ": " + names() + " (--no-chain: one Job)";
    }
  }

  /** The chain {@code job} belongs to: its own, or its original's when it is a retry. */
  public static Chain of(Cluster cluster, Job job) {
    Job original = job;
    String retryOf = label(job, Keys.RETRY_OF_LABEL);
    if (retryOf != null) {
      Job found = cluster.find(retryOf);
      if (found != null) {
        original = found;
      } else {
        return new Chain(link(job), List.of()); // the original is gone: this Job stands alone
      }
    }
    List<Link> retries = cluster.retriesOf(original).stream().map(RetryChain::link)
        .filter(l -> l.generation() > 0 && l.map() != null)
        .sorted(Comparator.comparingInt(Link::generation).thenComparing(Link::name)).toList();
    return new Chain(new Link(original, JobState.of(original), 0, null), retries);
  }

  private static Link link(Job job) {
    int generation = 0;
    try {
      String g = label(job, Keys.RETRY_GENERATION_LABEL);
      generation = g == null ? 0 : Integer.parseInt(g);
    } catch (NumberFormatException e) {
      generation = 0;
    }
    IndexMap map = job.getMetadata().getAnnotations() == null ? null
        : IndexMap.parse(job.getMetadata().getAnnotations().get(Keys.INDEX_MAP_ANNOTATION));
    return new Link(job, JobState.of(job), generation, map);
  }

  private static String label(Job job, String key) {
    return job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(key);
  }

  // --- retry -------------------------------------------------------------------------------------------------

  /** What {@code retry} asks: {@code set} null means the indexes that did not succeed; {@code newName} may be null. */
  public record RetrySpec(String job, IndexSet set, String newName, RetryManifests.Overrides overrides) {}

  /** The planned retry Job: its manifest, the chain it extends, and the original indexes it runs. */
  public record Planned(Manifest manifest, Chain chain, IndexSet set) {}

  /**
   * Plans the next retry of the chain {@code spec.job()} belongs to; nothing is written.
   *
   * @throws PluginException exit 2 while a Job of the chain still runs, for an index the original does not have,
   *     or when nothing is left to retry
   */
  public static Planned plan(Cluster cluster, RetrySpec spec) {
    Job job = cluster.resolve(spec.job(), s -> { });
    Chain chain = of(cluster, job);
    Link original = chain.original();
    String flag = cluster.namespaceFlag();
    List<Link> running = chain.running();
    if (!running.isEmpty()) {
      Link r = running.get(0);
      throw PluginException.usage("retry: job/" + r.name() + " is still running; wait for it to finish (kubectl"
          + " indexed wait " + r.name() + flag + ") or choose indexes of a finished Job");
    }
    int n = original.state().completions();
    IndexSet set;
    if (spec.set() != null) {
      IndexSet outside = spec.set().minus(IndexSet.range(n));
      if (!outside.isEmpty()) {
        throw PluginException.usage("--index: job/" + original.name() + " has indexes " + IndexSet.range(n)
            + "; it has no index " + outside);
      }
      set = spec.set();
    } else {
      set = chain.notSucceeded();
      if (set.isEmpty()) {
        throw PluginException.usage("retry: every index of job/" + original.name() + " succeeded"
            + (chain.hasRetries() ? " across its retry chain" : "") + "; pass --index to re-run chosen ones");
      }
    }
    int generation = chain.newest().generation() + 1;
    String name = spec.newName();
    if (name == null) {
      name = original.name() + "-retry-" + generation;
      while (cluster.find(name) != null) {
        generation++;
        name = original.name() + "-retry-" + generation;
      }
    }
    Manifest m = RetryManifests.build(new RetryManifests.Spec(original.job(),
        cluster.storedItemsOf(original.name()), set, name, generation, spec.overrides()));
    return new Planned(m, chain, set);
  }

  // --- status across the chain -------------------------------------------------------------------------------

  /**
   * The chain's status as one report: one row per original index with the newest outcome, its state saying which
   * Job it came from ({@code Succeeded (retry-1)}); the header's counts and index sets are the chain's, its
   * conditions the newest Job's. {@code first} is the original's report when already read (else null).
   */
  public static StatusReader.Report status(Cluster cluster, Chain chain, StatusReader.Report first, Clock clock) {
    Instant now = clock.instant();
    StatusReader.Report base = first != null && first.job().name().equals(chain.original().name()) ? first
        : cluster.status(chain.original().job(), now);
    List<StatusReader.IndexRow> rows = new ArrayList<>(base.rows());
    int active = base.job().active();
    for (Link l : chain.retries()) {
      StatusReader.Report r = cluster.status(l.job(), now);
      active += r.job().active();
      for (StatusReader.IndexRow x : r.rows()) {
        if (x.index() >= l.map().size() || (x.pod() == null && "NotStarted".equals(x.state()))) {
          continue;
        }
        int i = l.map().original(x.index());
        if (i >= rows.size()) {
          continue;
        }
        StatusReader.IndexRow prev = rows.get(i);
        List<String> pods = new ArrayList<>(prev.pods());
        pods.addAll(x.pods());
        rows.set(i, new StatusReader.IndexRow(i, prev.item(), x.state() + " (" + l.label() + ")",
            prev.attempts() + x.attempts(), x.pod(), pods, x.duration(), x.exitCode(), x.reason(), x.node()));
      }
    }
    List<Integer> ok = new ArrayList<>();
    List<Integer> bad = new ArrayList<>();
    int failedPods = 0;
    for (StatusReader.IndexRow x : rows) {
      if (x.state().startsWith("Succeeded")) {
        ok.add(x.index());
      } else if (x.state().startsWith("Failed")) {
        bad.add(x.index());
      }
    }
    for (Link l : chain.all()) {
      failedPods += l.state().failed();
    }
    // the header reads a Job: the original's, with the chain's counts and sets and the newest Job's conditions
    Job view = new JobBuilder(chain.original().job()).build();
    JobStatus st = new JobStatus();
    Job newestJob = chain.newest().job();
    if (newestJob.getStatus() != null) {
      st.setConditions(newestJob.getStatus().getConditions());
      st.setCompletionTime(newestJob.getStatus().getCompletionTime());
    }
    if (chain.original().job().getStatus() != null) {
      st.setStartTime(chain.original().job().getStatus().getStartTime());
    }
    st.setSucceeded(ok.size());
    st.setFailed(failedPods);
    st.setActive(active);
    st.setCompletedIndexes(IndexSet.of(ok.stream().mapToInt(Integer::intValue).toArray()).toString());
    st.setFailedIndexes(IndexSet.of(bad.stream().mapToInt(Integer::intValue).toArray()).toString());
    view.setStatus(st);
    return new StatusReader.Report(JobState.of(view), rows);
  }

  /** The original indexes whose newest outcome in the report is Failed: what {@code status --failed-set} prints. */
  public static IndexSet failedSet(StatusReader.Report report) {
    return IndexSet.of(report.rows().stream().filter(x -> x.state().startsWith("Failed"))
        .mapToInt(StatusReader.IndexRow::index).toArray());
  }

  // --- wait across the chain ---------------------------------------------------------------------------------

  /**
   * Waits for the chain's newest Job, then judges the chain: complete when every original index succeeded in
   * some Job of it.
   */
  public static AwaitJob.Outcome await(Cluster cluster, Chain chain, AwaitJob.Spec spec, Clock clock,
      JobWaiter.Listener listener) throws InterruptedException {
    Link newest = chain.newest();
    AwaitJob.Outcome o = AwaitJob.run(cluster, new AwaitJob.Spec(newest.name(), spec.goal(), false, spec.timeout()),
        clock, listener);
    if (o instanceof AwaitJob.TimedOut || o instanceof AwaitJob.Deleted) {
      return o;
    }
    Job original = cluster.find(chain.original().name());
    if (original == null) {
      return new AwaitJob.Deleted("job/" + chain.original().name() + " was deleted while waiting for it");
    }
    Chain now = of(cluster, original);
    IndexSet left = now.notSucceeded();
    String what = "job/" + now.original().name() + " across its retry chain (" + now.names() + ")";
    boolean complete = left.isEmpty();
    String message = complete ? what + ": all " + now.original().state().completions() + " indexes succeeded"
        : what + ": " + (left.size() == 1 ? "index " : "indexes ") + left + " did not succeed; re-run them: "
            + "kubectl indexed retry " + now.original().name() + cluster.namespaceFlag();
    boolean met = (spec.goal() == JobWaiter.Goal.COMPLETE) == complete;
    return met ? new AwaitJob.Met(message) : new AwaitJob.Impossible(message);
  }

  // --- logs across the chain ---------------------------------------------------------------------------------

  /**
   * The log plan of the selected original indexes: each index's sources come from the newest Job of the chain
   * that has a pod for it, renumbered to the original index (pods of every Job live in the one namespace).
   */
  public static LogCollector.Plan logPlan(Cluster cluster, Chain chain, IndexSet selected,
      LogCollector.Options options) {
    List<Link> newestFirst = new ArrayList<>(chain.all());
    java.util.Collections.reverse(newestFirst);
    IndexSet left = selected;
    List<LogCollector.Source> sources = new ArrayList<>();
    String defaulted = null;
    for (Link l : newestFirst) {
      if (left.isEmpty()) {
        break;
      }
      List<Integer> mine = new ArrayList<>();
      left.stream().forEach(i -> {
        int j = l.newIndex(i);
        if (j >= 0) {
          mine.add(j);
        }
      });
      if (mine.isEmpty()) {
        continue;
      }
      LogCollector.Plan p = LogCollector.plan(cluster.pods(l.state()),
          IndexSet.of(mine.stream().mapToInt(Integer::intValue).toArray()), options);
      defaulted = defaulted != null ? defaulted : p.defaulted();
      List<Integer> found = new ArrayList<>();
      for (LogCollector.Source s : p.sources()) {
        int i = l.map() == null ? s.index() : l.map().original(s.index());
        sources.add(new LogCollector.Source(i, s.attempt(), s.pod(), s.phase(), s.container()));
        found.add(i);
      }
      left = left.minus(IndexSet.of(found.stream().mapToInt(Integer::intValue).distinct().toArray()));
    }
    sources.sort(Comparator.comparingInt(LogCollector.Source::index));
    return new LogCollector.Plan(sources, left, defaulted);
  }
}
