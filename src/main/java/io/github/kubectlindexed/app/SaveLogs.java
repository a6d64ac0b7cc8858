package io.github.kubectlindexed.app;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.LogFollower;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.output.LogFileNames;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * The save-logs workflow ({@code logs --output-dir}, {@code run --output-dir}): one file per index in a directory,
 * through the {@link LogFiles} sink, over the same collectors as printing. Complete files of an earlier run are
 * skipped, unless their journal record names another pod than the one that now speaks for the index (a retry's):
 * those are written again (once; a follow reads one Job and skips every complete file); its partial files are removed
 * first. Only the logs of finished indexes are saved, so a file never holds a log that may still grow or be replaced
 * by a newer attempt of its Job. With {@code deleteFinishedPods}, once the files are on disk, the pods whose logs they
 * hold are deleted.
 */
public final class SaveLogs {
  private SaveLogs() {}

  /** Where, and what else: {@code deleteFinishedPods} deletes the pods whose logs were saved. */
  public record Spec(Path dir, boolean deleteFinishedPods) {}

  /** Work done so far, for a progress line: files saved or skipped, of {@code total} (negative: not known). */
  public interface Progress {
    void files(int done, int total);
  }

  /**
   * What a save did: files written and skipped (complete before), files replaced (they held another pod's log than
   * the one that now speaks for their index) and their indexes, the indexes with no pod, the indexes not saved
   * because they have not finished, the indexes whose log could not be read, the files that could not be written (and
   * the first such failure), the partial files of an earlier run removed, and the pods deleted (-1: not asked).
   */
  public record Saved(int written, int skipped, int replaced, IndexSet replacedIndexes, IndexSet missing,
      IndexSet notFinished, IndexSet unread, int writeFailures, String writeError, int removedPartials,
      int deletedPods, String deleteError) {}

  /** A follow's save: how the follow ended, and what was saved. */
  public record Followed(LogFollower.Result result, Saved saved) {}

  /**
   * Saves the finished indexes' logs once: the plan (a retry chain's when {@code chain} is given), then one request per
   * file not yet complete, at most {@code options.maxRequests()} at once.
   */
  public static Saved once(Cluster cluster, JobState job, RetryChain.Chain chain, IndexSet selected,
      LogCollector.Options options, Spec spec, Consumer<String> markers, Progress progress) throws InterruptedException {
    int removed = removePartials(spec.dir());
    LogCollector.Plan plan = chain != null ? RetryChain.logPlan(cluster, chain, selected, options)
        : LogCollector.plan(cluster.pods(job), selected, options);
    IntPredicate settled = chain != null ? settled(chain) : settled(job);
    boolean perContainer = perContainer(options);
    List<LogCollector.Source> fetch = new ArrayList<>();
    Set<Integer> notFinished = new TreeSet<>();
    int[] total = {0};
    LogFiles files = LogFiles.once(spec.dir(), options.allAttempts(), perContainer, markers,
        done -> progress.files(done, total[0]));
    int skipped = 0;
    for (LogCollector.Source s : plan.sources()) {
      if (files.current(s)) {
        skipped++;
      } else if (finished(s, options.allAttempts(), settled)) {
        fetch.add(s);
      } else {
        notFinished.add(s.index());
      }
    }
    total[0] = skipped + fetch.size();
    files.skipped(skipped);
    // the plan already holds every attempt: no per-attempt markers, the files say which attempt they hold
    LogCollector.Options quiet = new LogCollector.Options(options.container(), options.allContainers(), false,
        options.tail(), options.since(), options.sinceTime(), options.previous(), options.timestamps(),
        options.maxRequests());
    if (!fetch.isEmpty()) {
      cluster.fetchLogs(new LogCollector.Plan(fetch, plan.missing()), quiet, files);
    }
    Set<LogCollector.Source> handed = files.handed();
    Set<Integer> unread = new TreeSet<>();
    for (LogCollector.Source s : fetch) {
      if (!handed.contains(s)) {
        unread.add(s.index()); // its read failed (named on the markers)
      }
    }
    int deleted = -1;
    String deleteError = null;
    if (spec.deleteFinishedPods()) {
      Cluster.PodsDeleted d = deleteSaved(cluster, spec.dir(), plan, files, options.allAttempts(), settled);
      deleted = d.deleted();
      deleteError = d.error();
    }
    return saved(files, skipped, plan.missing(), IndexSet.of(ints(notFinished)), IndexSet.of(ints(unread)), removed,
        deleted, deleteError);
  }

  /**
   * Follows the selected indexes until the Job has finished (or {@code stop}), saving each index's file as the index
   * finishes. Without {@code --attempts all}, the indexes whose files are all complete are not followed at all.
   */
  public static Followed follow(Cluster cluster, Job job, IndexSet selected, LogCollector.Options options, Spec spec,
      AtomicBoolean stop, Clock clock, Consumer<String> markers, Progress progress) throws InterruptedException {
    JobState state = JobState.of(job);
    int removed = removePartials(spec.dir());
    boolean perContainer = perContainer(options);
    int total = options.allAttempts() ? -1 : selected.size() * containerNames(job, options).size();
    LogFiles files = LogFiles.following(spec.dir(), options.allAttempts(), perContainer, markers,
        done -> progress.files(done, total));
    IndexSet left = selected;
    if (!options.allAttempts()) {
      List<Integer> complete = new ArrayList<>();
      int skipped = 0;
      List<String> containers = containerNames(job, options);
      for (int i : selected.stream().toArray()) {
        boolean all = true;
        for (String c : containers) {
          all &= Files.exists(spec.dir().resolve(LogFileNames.of(i, 1, c, false, perContainer)));
        }
        if (all) {
          complete.add(i);
          skipped += containers.size();
        }
      }
      left = selected.minus(IndexSet.of(ints(complete)));
      files.skipped(skipped);
    }
    LogFollower.Result result = LogFollower.Result.DRAINED;
    try {
      if (!left.isEmpty()) {
        result = cluster.followLogs(state, left, options, files, stop, clock);
      }
    } finally {
      files.finish();
    }
    Set<Integer> saved = new TreeSet<>();
    files.written().forEach(s -> saved.add(s.index()));
    IndexSet unread = IndexSet.of(ints(files.unread()));
    IndexSet missing = IndexSet.empty();
    IndexSet notFinished = IndexSet.empty();
    if (result != LogFollower.Result.JOB_DELETED) {
      // a follow that drained: every index left had its pod, or has none; one stopped early: the rest are not saved
      IndexSet seen = IndexSet.of(ints(files.seen()));
      IndexSet notSaved = left.minus(IndexSet.of(ints(saved))).minus(unread);
      missing = stop != null && stop.get() ? IndexSet.empty() : notSaved.minus(seen);
      notFinished = notSaved.minus(missing);
    }
    int deleted = -1;
    String deleteError = null;
    if (spec.deleteFinishedPods() && result != LogFollower.Result.JOB_DELETED) {
      Job now = cluster.find(state.name());
      if (now != null) {
        JobState last = JobState.of(now);
        LogCollector.Plan plan = LogCollector.plan(cluster.pods(last), selected, options);
        Cluster.PodsDeleted d = deleteSaved(cluster, spec.dir(), plan, files, options.allAttempts(), settled(last));
        deleted = d.deleted();
        deleteError = d.error();
      } else {
        deleted = 0;
      }
    }
    return new Followed(result, saved(files, files.skippedCount(), missing, notFinished, unread, removed, deleted,
        deleteError));
  }

  /** A sink for {@code run --output-dir}: the caller hands it to {@link RunJob#run}, then calls {@link #finish}. */
  public static LogFiles runSink(Spec spec, Consumer<String> markers) {
    removePartials(spec.dir());
    return LogFiles.following(spec.dir(), false, false, markers, done -> { });
  }

  /** Ends a run's save: saves what may be saved, and deletes the saved pods when asked. */
  public static Saved finish(Cluster cluster, String jobName, LogFiles files, IndexSet unreadLogs, Spec spec)
      throws InterruptedException {
    files.finish();
    Job now = cluster.find(jobName);
    Set<Integer> saved = new TreeSet<>();
    files.written().forEach(s -> saved.add(s.index()));
    IndexSet all = now == null ? IndexSet.empty() : IndexSet.range(JobState.of(now).completions());
    IndexSet notSaved = all.minus(IndexSet.of(ints(saved))).minus(unreadLogs);
    IndexSet missing = notSaved.minus(IndexSet.of(ints(files.seen())));
    LogCollector.Options options = new LogCollector.Options(null, false, false, null, null, null, false, false, 10);
    int deleted = -1;
    String deleteError = null;
    if (spec.deleteFinishedPods() && now != null) {
      JobState last = JobState.of(now);
      Cluster.PodsDeleted d = deleteSaved(cluster, spec.dir(), LogCollector.plan(cluster.pods(last), all, options),
          files, false, settled(last));
      deleted = d.deleted();
      deleteError = d.error();
    }
    return saved(files, files.skippedCount(), missing, notSaved.minus(missing), unreadLogs, 0, deleted, deleteError);
  }

  /** What the sink wrote, with the rest of a save's account. */
  private static Saved saved(LogFiles files, int skipped, IndexSet missing, IndexSet notFinished, IndexSet unread,
      int removed, int deleted, String deleteError) {
    List<LogCollector.Source> replaced = files.replaced();
    return new Saved(files.written().size() - replaced.size(), skipped, replaced.size(),
        IndexSet.of(ints(replaced.stream().map(LogCollector.Source::index).distinct().toList())), missing,
        notFinished, unread, files.writeFailures(), files.writeError(), removed, deleted, deleteError);
  }

  /**
   * Deletes the pods whose logs are on disk: the sources of the plan that are finished and whose file holds their
   * pod's log (written now, or complete before), after the directory itself is forced to disk.
   */
  private static Cluster.PodsDeleted deleteSaved(Cluster cluster, Path dir, LogCollector.Plan plan, LogFiles files,
      boolean perAttempt, IntPredicate settled) throws InterruptedException {
    forceDirectory(dir);
    Set<String> pods = new LinkedHashSet<>();
    Set<String> keep = new java.util.HashSet<>();
    for (LogCollector.Source s : plan.sources()) {
      if (finished(s, perAttempt, settled) && files.current(s)) {
        pods.add(s.pod());
      } else {
        keep.add(s.pod()); // one of its containers' logs is not saved
      }
    }
    pods.removeAll(keep);
    return cluster.deletePods(pods);
  }

  /** Whether the source's log is final: its pod has ended, and it speaks for the index (see {@link LogFiles}). */
  static boolean finished(LogCollector.Source s, boolean perAttempt, IntPredicate settled) {
    boolean succeeded = "Succeeded".equals(s.phase());
    if (!succeeded && !"Failed".equals(s.phase())) {
      return false;
    }
    return perAttempt || succeeded || settled.test(s.index());
  }

  /** An index whose failure is final: the Job has finished, or the index failed for good (per-index backoff). */
  static IntPredicate settled(JobState job) {
    return i -> job.finished() || job.failedIndexes().contains(i);
  }

  /**
   * The same for a retry chain (original indexes): decided by the newest Job of the chain that runs the index, as
   * the chain's log plan reads the index from it.
   */
  static IntPredicate settled(RetryChain.Chain chain) {
    List<RetryChain.Link> newestFirst = new ArrayList<>(chain.all());
    java.util.Collections.reverse(newestFirst);
    return i -> {
      for (RetryChain.Link l : newestFirst) {
        int j = l.newIndex(i);
        if (j >= 0) {
          return l.state().finished() || l.state().failedIndexes().contains(j);
        }
      }
      return chain.original().state().finished();
    };
  }

  /** Whether file names carry the container: one was chosen with -c, or every one with --all-containers. */
  static boolean perContainer(LogCollector.Options options) {
    return options.allContainers() || options.container() != null;
  }

  /** The containers whose files an index has, from the Job's template (the pod's default container: one name). */
  static List<String> containerNames(Job job, LogCollector.Options options) {
    if (!options.allContainers()) {
      return java.util.Collections.singletonList(options.container());
    }
    List<String> names = new ArrayList<>();
    var spec = job.getSpec() == null || job.getSpec().getTemplate() == null ? null
        : job.getSpec().getTemplate().getSpec();
    if (spec != null) {
      if (spec.getInitContainers() != null) {
        spec.getInitContainers().stream().map(Container::getName).forEach(names::add);
      }
      if (spec.getContainers() != null) {
        spec.getContainers().stream().map(Container::getName).forEach(names::add);
      }
    }
    return names;
  }

  private static int removePartials(Path dir) {
    try {
      return LogFiles.removePartials(dir);
    } catch (IOException e) {
      return 0; // a partial file that stays is never taken for a result, and is rewritten under the same name
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not every system can force a directory; the files themselves were forced before their rename
    }
  }

  private static int[] ints(Collection<Integer> c) {
    return c.stream().mapToInt(Integer::intValue).sorted().toArray();
  }
}
