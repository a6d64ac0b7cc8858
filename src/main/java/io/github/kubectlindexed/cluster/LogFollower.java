package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.manifest.Keys;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.github.kubectlindexed.index.IndexSet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code logs -f}: streams every selected index, picks up pods created later (retries, indexes not started yet),
 * waits for Pending pods instead of failing, and ends when the Job has finished and every stream has drained.
 * At most {@code maxRequests} streams are open at once; past that, an index's log is printed whole when it finishes.
 * One thread owns the state; watches and stream tasks talk to it through a queue.
 */
public final class LogFollower {
  /** Where lines and markers go (lines from several streams; the sink writes each line whole). */
  /** How a follow ended. */
  public enum Result {
    /** Every stream was read to its end (or the follow was stopped). */
    DRAINED,
    /** Some log could not be read; each was named on the sink's markers. */
    SOME_LOGS_UNREAD,
    /** The Job was deleted while followed. */
    JOB_DELETED
  }

  public interface Sink {
    void line(LogCollector.Source source, String line);

    void text(LogCollector.Source source, String text);

    void marker(String text);

    /** An index's log could not be read, after retries (its failure was named on {@link #marker}). */
    default void unread(int index) {}

    /** A source's log was read to its end without error (its stream or its whole read ended). */
    default void ended(LogCollector.Source source) {}

    /** A followed attempt as last seen (a new attempt, or its phase changed); skipped older attempts never come. */
    default void pod(int index, int attempt, String pod, String phase) {}

    /** The Job as last seen. */
    default void job(JobState job) {}
  }

  /** ENDING: its stream ended while the container was not yet seen ended (see {@link #ENDING_GRACE_MS}). */
  private enum Track { WAITING, STREAMING, DEFERRED, ENDING, DONE }

  private sealed interface Event permits PodEvent, JobEvent, WatchClosed, StreamEnded {}

  private record PodEvent(Watcher.Action action, Pod pod) implements Event {}

  private record JobEvent(Watcher.Action action, Job job) implements Event {}

  private record WatchClosed(String what) implements Event {}

  /** {@code forGood}: a refusal no retry changes (401, 403): the follow stops with it (see {@link #handle}). */
  private record StreamEnded(String key, String error, boolean forGood) implements Event {
    StreamEnded(String key, String error) {
      this(key, error, false);
    }
  }

  /** How many times a failed log request is tried in all before its index is named as unread. */
  static final int LOG_TRIES = 6;
  /** How long a closed watch may fail to be re-listed (an apiserver down) before the follow gives up. */
  static final long REWATCH_GIVE_UP_MS = 120_000;

  private final KubernetesClient client;
  private final String namespace;
  private final JobState job;
  private final IndexSet selected;
  private final LogCollector.Options options;
  private final Sink sink;
  private final AtomicBoolean stop;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Map<String, Pod> pods = new HashMap<>();
  private final Map<String, Track> tracks = new HashMap<>();
  private final Map<String, LogCollector.Source> sources = new HashMap<>();
  private final Set<String> skippedAttempts = new HashSet<>();
  /** The pods seen, by index, for numbering attempts without scanning every pod. */
  private final Map<Integer, List<Pod>> byIndex = new HashMap<>();
  /** Pods with a container waiting for a free stream slot: the only ones to revisit when a stream ends. */
  private final Set<String> deferredPods = new java.util.LinkedHashSet<>();
  private final Map<String, LogWatch> open = new HashMap<>();
  /** Streams whose container has terminated, by when it was seen terminated: closed after {@link #END_GRACE_MS}. */
  private final Map<String, Long> endedStreams = new HashMap<>();
  private final java.time.Clock clock;
  private final Set<String> closedByUs = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Lines already printed per stream: a retried stream skips them (a log only grows). */
  private final Map<String, Integer> printedLines = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Integer> tries = new HashMap<>();
  private final Map<String, Long> watchFailingSince = new HashMap<>();
  /**
   * The kubelet ends a follow stream once its container has exited; one still open this long after the pod said the
   * container terminated is closed by us (a stuck stream, or KWOK's fake kubelet, which never ends them).
   */
  static final long END_GRACE_MS = 2000;
  /**
   * A follow stream normally ends when its container exits, and the pod soon says so. One that ended while the pod
   * still says the container runs was cut (an apiserver restart closes it cleanly): if the pod has not said the
   * container ended this long after, the rest of the log is asked for again, never taken as the whole log.
   */
  static final long ENDING_GRACE_MS = 3000;
  private final Map<String, Long> endingSince = new HashMap<>();
  /**
   * A stream that ended at most this long before the pod said its container ended ended with it (the kubelet ends
   * the stream when the container exits, and the pod's status follows within about a second): nothing more to read.
   */
  static final long NATURAL_END_MS = 1500;
  private int streaming;
  private int tasks;
  private int failures;
  /** Events waiting in {@link #later}: the follow does not end while one is due (a re-list after a restart). */
  private final AtomicInteger pendingLater = new AtomicInteger();
  /** The indexes a pod was seen for (kept when the pod is deleted): the end compares them with the Job's. */
  private final Set<Integer> seenIndexes = new HashSet<>();
  private JobState lastJob;
  private boolean relistedAtEnd;
  private boolean saidDeferred;
  private boolean saidDefaulted;
  private boolean finished;
  private boolean deleted;
  private Watch podWatch;
  private Watch jobWatch;

  private LogFollower(KubernetesClient client, String namespace, JobState job, IndexSet selected,
      LogCollector.Options options, Sink sink, AtomicBoolean stop, java.time.Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.job = job;
    this.selected = selected;
    this.options = options;
    this.sink = sink;
    this.stop = stop == null ? new AtomicBoolean() : stop;
    this.clock = clock;
  }

  /**
   * Follows until the Job has finished and the streams have drained, or {@code stop} is set.
   *
   * @return how the follow ended
   */
  static Result follow(KubernetesClient client, String namespace, JobState job, IndexSet selected,
      LogCollector.Options options, Sink sink, AtomicBoolean stop, java.time.Clock clock) throws InterruptedException {
    return new LogFollower(client, namespace, job, selected, options, sink, stop, clock).run();
  }

  private Result run() throws InterruptedException {
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "logs-follow");
      t.setDaemon(true);
      return t;
    });
    try {
      startJobWatch();
      startPodWatch(true);
      while (!stop.get()) {
        if (finished && events.isEmpty() && pendingLater.get() == 0 && idle()) {
          List<Integer> unseen = unseenIndexes();
          if (unseen.isEmpty()) {
            break;
          }
          if (!relistedAtEnd) {
            // The Job says these indexes ran, yet no pod of theirs was seen: the pod watch missed them (fabric8
            // watches again from where it was, after a backoff, so a Job watch back first sees the end while the pod
            // watch is still away). List the pods once more before ending.
            relistedAtEnd = true;
            events.add(new WatchClosed("pods"));
            continue;
          }
          for (int i : unseen) {
            failures++;
            sink.marker("error: index " + i + ": its log could not be read: no pod of it was found");
            sink.unread(i);
          }
          break;
        }
        if (deleted) {
          sink.marker("job/" + job.name() + " was deleted");
          return Result.JOB_DELETED;
        }
        Event ev = events.poll(500, TimeUnit.MILLISECONDS);
        closeEndedStreams();
        recheckCutStreams(pool);
        if (ev == null) {
          continue;
        }
        handle(ev, pool);
      }
      return failures > 0 ? Result.SOME_LOGS_UNREAD : Result.DRAINED;
    } finally {
      close(podWatch);
      close(jobWatch);
      synchronized (open) {
        open.values().forEach(LogWatch::close);
      }
      pool.shutdownNow();
    }
  }

  private void closeEndedStreams() {
    long now = clock.millis();
    endedStreams.entrySet().removeIf(e -> {
      if (now - e.getValue() < END_GRACE_MS) {
        return false;
      }
      LogWatch w;
      synchronized (open) {
        w = open.get(e.getKey());
      }
      if (w == null) {
        // the stream's request has not answered yet: close it once it has (dropping it here left a stream open
        // for ever when the follow started while the pod ran)
        return tracks.get(e.getKey()) != Track.STREAMING;
      }
      closedByUs.add(e.getKey());
      w.close();
      // LogWatch.close only cancels the response body: a reader blocked on the JDK client's stream stays blocked
      // (KWOK's streams never end by themselves); closing the stream wakes it
      try {
        w.getOutput().close();
      } catch (IOException | RuntimeException ignored) {
        // already closed
      }
      return true;
    });
  }

  /** Nothing left to print: every selected pod has ended and its containers' logs were read. */
  private boolean idle() {
    if (tasks > 0) {
      return false;
    }
    for (Pod p : pods.values()) {
      String phase = PodsByIndex.phase(p);
      if (!"Succeeded".equals(phase) && !"Failed".equals(phase) && !skippedAttempts.contains(name(p))) {
        return false;
      }
    }
    return tracks.values().stream().noneMatch(t -> t == Track.STREAMING || t == Track.DEFERRED
        || t == Track.ENDING);
  }

  private void handle(Event ev, ExecutorService pool) {
    if (ev instanceof JobEvent je) {
      if (je.job() == null || je.job().getMetadata() == null
          || !Objects.equals(job.uid(), je.job().getMetadata().getUid())) {
        return;
      }
      if (je.action() == Watcher.Action.DELETED) {
        deleted = true;
        return;
      }
      jobSeen(JobState.of(je.job()));
    } else if (ev instanceof PodEvent pe) {
      Pod p = pe.pod();
      Integer idx = p == null || p.getMetadata() == null ? null : PodsByIndex.indexOf(p);
      if (idx == null || !selected.contains(idx) || !PodsByIndex.ownedBy(p, job.uid())) {
        return;
      }
      List<Pod> same = byIndex.computeIfAbsent(idx, k -> new ArrayList<>());
      same.removeIf(q -> name(q).equals(name(p)));
      if (pe.action() == Watcher.Action.DELETED) {
        pods.remove(name(p));
        deferredPods.remove(name(p));
        return;
      }
      same.add(p);
      pods.put(name(p), p);
      seenIndexes.add(idx);
      if (!skippedAttempts.contains(name(p))) {
        sink.pod(idx, attemptOf(p, idx), name(p), PodsByIndex.phase(p));
      }
      advance(p, idx, pool);
    } else if (ev instanceof WatchClosed wc) {
      try {
        if (wc.what().equals("job")) {
          close(jobWatch);
          Job again = client.batch().v1().jobs().inNamespace(namespace).withName(job.name()).get();
          if (again == null || !Objects.equals(job.uid(), again.getMetadata().getUid())) {
            deleted = true;
          } else {
            jobSeen(JobState.of(again));
            startJobWatch(again.getMetadata().getResourceVersion());
          }
        } else {
          close(podWatch);
          startPodWatch(false);
        }
        watchFailingSince.remove(wc.what());
      } catch (RuntimeException e) {
        // an apiserver restart: list and watch again shortly, as wait does; give up after two minutes
        if (!ApiErrors.transientFailure(e)) {
          throw e;
        }
        long now = clock.millis();
        long since = watchFailingSince.computeIfAbsent(wc.what(), k -> now);
        if (now - since > REWATCH_GIVE_UP_MS) {
          throw ApiErrors.cluster("following job/" + job.name(), e);
        }
        later(pool, 500, wc);
      }
    } else if (ev instanceof StreamEnded se) {
      LogCollector.Source failed = sources.get(se.key());
      if (se.forGood()) {
        // the user may not read pods/log here: every other index would say the same, so say it once
        throw PluginException.cluster(LogCollector.readingStep(failed) + ": " + se.error(), null);
      }
      int tried = se.error() == null ? 0 : tries.merge(se.key(), 1, Integer::sum);
      if (se.error() != null && tried < LOG_TRIES && !stop.get()) {
        // a failed log request is tried again (an apiserver restart, a kubelet not ready): the stream stays open
        // in the books, and the lines already printed are skipped
        Pod p = pods.get(failed.pod());
        ContainerStatus cs = p == null ? null : status(p, failed.container());
        boolean ended = cs == null || cs.getState() != null && cs.getState().getTerminated() != null;
        endedStreams.remove(se.key());
        closedByUs.remove(se.key());
        long delay = Math.min(4000, 250L << tried);
        pool.submit(() -> {
          try {
            Thread.sleep(delay);
          } catch (InterruptedException e) {
            events.add(new StreamEnded(se.key(), se.error()));
            return;
          }
          if (ended) {
            readWhole(se.key(), failed);
          } else {
            stream(se.key(), failed);
          }
        });
        return;
      }
      endedStreams.remove(se.key());
      tasks--;
      if (tracks.get(se.key()) == Track.STREAMING) {
        streaming--;
      }
      tracks.put(se.key(), Track.DONE);
      if (se.error() == null && !closedByUs.contains(se.key()) && !stop.get() && !containerEnded(failed)) {
        // cut short, or the pod has not said yet that the container ended: decided by advance or recheckCutStreams
        tracks.put(se.key(), Track.ENDING);
        endingSince.put(se.key(), clock.millis());
      } else if (se.error() == null) {
        sink.ended(sources.get(se.key()));
      } else {
        unread(sources.get(se.key()), " (tried " + tried + " times): " + se.error());
      }
      // a stream slot is free: revisit the pods that were waiting for one
      List<String> waiting = new ArrayList<>(deferredPods);
      deferredPods.clear();
      for (String podName : waiting) {
        Pod p = pods.get(podName);
        if (p != null) {
          advance(p, PodsByIndex.indexOf(p), pool);
        }
      }
    }
  }

  /** Starts what a pod's containers are ready for: a stream for a running container, a read for an ended one. */
  private void advance(Pod p, int index, ExecutorService pool) {
    if (skippedAttempts.contains(name(p))) {
      return;
    }
    LogCollector.Choice choice = LogCollector.choose(p, options);
    if (choice.defaulted() != null && !saidDefaulted) {
      saidDefaulted = true; // once per command, as kubectl says it
      sink.marker(choice.defaulted());
    }
    for (String c : choice.containers()) {
      String key = name(p) + "/" + c;
      Track t = tracks.getOrDefault(key, Track.WAITING);
      ContainerStatus cs = status(p, c);
      boolean ended = cs != null && cs.getState() != null && cs.getState().getTerminated() != null;
      if (t == Track.STREAMING && ended && !endedStreams.containsKey(key)) {
        endedStreams.put(key, clock.millis());
      }
      if (t == Track.ENDING) {
        String phase0 = PodsByIndex.phase(p);
        if (ended || "Succeeded".equals(phase0) || "Failed".equals(phase0)) {
          Long since = endingSince.remove(key);
          if (since != null && clock.millis() - since > NATURAL_END_MS) {
            // the stream ended well before the container did: it was cut, so read what came after
            tasks++;
            streaming++;
            tracks.put(key, Track.STREAMING);
            LogCollector.Source src = sources.get(key);
            pool.submit(() -> readWhole(key, src));
          } else {
            tracks.put(key, Track.DONE);
            sink.ended(sources.get(key));
          }
        }
        continue;
      }
      if (t == Track.DONE || t == Track.STREAMING) {
        continue;
      }
      boolean running = cs != null && cs.getState() != null && cs.getState().getRunning() != null;
      String phase = PodsByIndex.phase(p);
      boolean podEnded = "Succeeded".equals(phase) || "Failed".equals(phase);
      LogCollector.Source src = new LogCollector.Source(index, attemptOf(p, index), name(p), phase, c);
      sources.put(key, src);
      if (ended) {
        tasks++;
        tracks.put(key, Track.STREAMING);
        streaming++;
        pool.submit(() -> readWhole(key, src));
      } else if (running) {
        if (streaming < options.maxRequests()) {
          tracks.put(key, Track.STREAMING);
          streaming++;
          tasks++;
          pool.submit(() -> stream(key, src));
        } else {
          deferredPods.add(name(p));
          if (t != Track.DEFERRED) {
            tracks.put(key, Track.DEFERRED);
            if (!saidDeferred) {
              saidDeferred = true;
              sink.marker("more containers run at once than --max-log-requests=" + options.maxRequests()
                  + " streams: printing each index's log as the index finishes");
            }
          }
        }
      } else if (podEnded) {
        tracks.put(key, Track.DONE); // never started: nothing to read
      }
    }
  }

  private int attemptOf(Pod p, int index) {
    List<Pod> same = byIndex.getOrDefault(index, List.of());
    return PodsByIndex.of(same, null).attempts(index).indexOf(p) + 1;
  }

  private void readWhole(String key, LogCollector.Source src) {
    String error = null;
    boolean forGood = false;
    try {
      String text = LogCollector.loggable(client, namespace, src, options, options.tail(), options.since(),
          options.sinceTime()).getLog();
      error = LogCollector.statusError(text);
      if (error == null) {
        int skip = printedLines.getOrDefault(key, 0);
        sink.text(src, skip == 0 ? text : LogCollector.dropLines(text, skip));
      }
    } catch (KubernetesClientException e) {
      error = ApiErrors.describe(e);
      forGood = LogCollector.refusedForGood(e);
    } finally {
      events.add(new StreamEnded(key, error, forGood || refusedForGood(error)));
    }
  }

  private void stream(String key, LogCollector.Source src) {
    String error = null;
    boolean forGood = false;
    LogWatch w = null;
    try {
      w = LogCollector.loggable(client, namespace, src, options, options.tail(), options.since(),
          options.sinceTime()).watchLog();
      synchronized (open) {
        open.put(key, w);
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(w.getOutput(), StandardCharsets.UTF_8))) {
        String line;
        int skip = printedLines.getOrDefault(key, 0);
        boolean first = true;
        while ((line = r.readLine()) != null) {
          if (first) {
            first = false;
            // a refused request's body arrives as the stream's content: it is an error, never a log line
            String refused = LogCollector.statusError(line);
            if (refused != null) {
              error = refused;
              break;
            }
          }
          if (skip > 0) {
            skip--;
            continue;
          }
          sink.line(src, line);
          printedLines.merge(key, 1, Integer::sum);
        }
      }
    } catch (KubernetesClientException e) {
      if (!closedByUs.contains(key)) {
        error = ApiErrors.describe(e);
        forGood = LogCollector.refusedForGood(e);
      }
    } catch (IOException e) {
      if (!stop.get() && !closedByUs.contains(key)) {
        error = ApiErrors.describe(e);
      }
    } finally {
      if (w != null) {
        synchronized (open) {
          open.remove(key);
        }
        w.close();
      }
      events.add(new StreamEnded(key, error, forGood || refusedForGood(error)));
    }
  }

  /** A refusal body's line ({@link LogCollector#statusError}) of a 401 or 403. */
  private static boolean refusedForGood(String error) {
    return error != null && (error.endsWith(" (401)") || error.endsWith(" (403)"));
  }

  /** Whether the pod of {@code src}, as last seen, says its container ended (or the pod ended, or is gone). */
  private boolean containerEnded(LogCollector.Source src) {
    Pod p = pods.get(src.pod());
    if (p == null) {
      return true;
    }
    String phase = PodsByIndex.phase(p);
    ContainerStatus cs = status(p, src.container());
    return "Succeeded".equals(phase) || "Failed".equals(phase)
        || cs != null && cs.getState() != null && cs.getState().getTerminated() != null;
  }

  /** Streams cut short ({@link Track#ENDING}) whose container still has not ended: ask for the rest again. */
  private void recheckCutStreams(ExecutorService pool) {
    long now = clock.millis();
    List<String> due = new ArrayList<>();
    endingSince.forEach((key, since) -> {
      if (now - since >= ENDING_GRACE_MS) {
        due.add(key);
      }
    });
    for (String key : due) {
      endingSince.remove(key);
      LogCollector.Source src = sources.get(key);
      int tried = tries.merge(key, 1, Integer::sum);
      if (tried >= LOG_TRIES) {
        tracks.put(key, Track.DONE);
        unread(src, " whole: its stream ended " + tried + " times while the container ran");
        continue;
      }
      tracks.put(key, Track.STREAMING);
      streaming++;
      tasks++;
      pool.submit(() -> stream(key, src));
    }
  }

  private void jobSeen(JobState now) {
    lastJob = now;
    finished = now.finished();
    sink.job(now);
  }

  /** The selected indexes the Job counts as completed or failed whose pods were never seen. */
  private List<Integer> unseenIndexes() {
    List<Integer> unseen = new ArrayList<>();
    if (lastJob == null) {
      return unseen;
    }
    IndexSet ran = (lastJob.completedIndexes() == null ? IndexSet.empty() : lastJob.completedIndexes())
        .union(lastJob.failedIndexes() == null ? IndexSet.empty() : lastJob.failedIndexes());
    ran.stream().filter(i -> selected.contains(i) && !seenIndexes.contains(i)).forEach(unseen::add);
    return unseen;
  }

  /** Names an index whose log could not be read ({@code why} follows "could not be read") and counts it. */
  private void unread(LogCollector.Source s, String why) {
    failures++;
    sink.marker("error: index " + s.index() + ": the log of pod " + s.pod() + ", container " + s.container()
        + " could not be read" + why);
    sink.unread(s.index());
  }

  /** Puts {@code ev} on the queue after {@code delayMs}, from a pool thread. */
  private void later(ExecutorService pool, long delayMs, Event ev) {
    pendingLater.incrementAndGet();
    pool.submit(() -> {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      events.add(ev); // before the count drops: the loop never sees neither
      pendingLater.decrementAndGet();
    });
  }

  private static ContainerStatus status(Pod p, String container) {
    return PodsByIndex.containerStatuses(p).stream().filter(c -> container.equals(c.getName())).findFirst()
        .orElse(null);
  }

  private static String name(Pod p) {
    return p.getMetadata().getName();
  }

  private void startJobWatch() {
    Job j = client.batch().v1().jobs().inNamespace(namespace).withName(job.name()).get();
    if (j == null || !Objects.equals(job.uid(), j.getMetadata().getUid())) {
      deleted = true;
      return;
    }
    jobSeen(JobState.of(j));
    startJobWatch(j.getMetadata().getResourceVersion());
  }

  private void startJobWatch(String rv) {
    try {
      jobWatch = client.batch().v1().jobs().inNamespace(namespace).withName(job.name())
          .watch(new ListOptionsBuilder().withResourceVersion(rv).build(), new Watcher<Job>() {
            @Override
            public void eventReceived(Action action, Job resource) {
              events.add(new JobEvent(action, resource));
            }

            @Override
            public void onClose(WatcherException cause) {
              events.add(new WatchClosed("job"));
            }
          });
    } catch (KubernetesClientException e) {
      events.add(new WatchClosed("job"));
    }
  }

  /** Lists the Job's pods (in pages), hands them to the loop, and watches from the list's resourceVersion. */
  private void startPodWatch(boolean firstTime) {
    PodLister.Listed listing = PodLister.list(client, namespace, Keys.JOB_NAME_LABEL, job.name());
    List<Pod> listed = listing.pods();
    String rv = listing.resourceVersion();
    if (firstTime) {
      // --attempts last: of the attempts already there, only the succeeded one, else the newest
      PodsByIndex existing = PodsByIndex.of(listed, job.uid());
      if (!options.allAttempts()) {
        for (int i : existing.indexes()) {
          Pod chosen = existing.chosen(i);
          for (Pod p : existing.attempts(i)) {
            if (p != chosen) {
              skippedAttempts.add(name(p));
            }
          }
        }
      }
    }
    for (Pod p : listed) {
      events.add(new PodEvent(Watcher.Action.MODIFIED, p));
    }
    try {
      podWatch = client.pods().inNamespace(namespace).withLabel(Keys.JOB_NAME_LABEL, job.name())
          .watch(new ListOptionsBuilder().withResourceVersion(rv).build(), new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod resource) {
              // a follow of 10,000 pods keeps every one it has seen: keep them as slim as a listed pod
              events.add(new PodEvent(action, PodLister.slim(resource)));
            }

            @Override
            public void onClose(WatcherException cause) {
              events.add(new WatchClosed("pods"));
            }
          });
    } catch (KubernetesClientException e) {
      events.add(new WatchClosed("pods"));
    }
  }

  private static void close(Watch w) {
    if (w != null) {
      try {
        w.close();
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
  }
}
