package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.index.IndexSet;
import io.github.kubectlindexed.manifest.Keys;
import io.github.kubectlindexed.manifest.Manifests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fetches the logs of a Job's indexes. Without follow: one task per (pod, container), at most
 * {@code maxRequests} at once (the rest queue), printed in index order. Follow mode is {@link LogFollower}.
 */
public final class LogCollector {
  /** Which logs to fetch and how. {@code container} null: the pod's default container. */
  public record Options(String container, boolean allContainers, boolean allAttempts, Integer tail, Duration since,
      String sinceTime, boolean previous, boolean timestamps, int maxRequests) {}

  /** One stream of lines: a container of one attempt of one index. {@code attempt} counts from 1, oldest first. */
  public record Source(int index, int attempt, String pod, String phase, String container) {}

  /** Where lines and markers go. */
  public interface Sink {
    void text(Source source, String text);

    void marker(String text);
  }

  /**
   * What a plan found: the sources to read, the selected indexes that have no pod yet, and, when the container was
   * chosen for the user out of several, kubectl's line saying which (null otherwise).
   */
  public record Plan(List<Source> sources, IndexSet missing, String defaulted) {
    public Plan(List<Source> sources, IndexSet missing) {
      this(sources, missing, null);
    }

    public int indexCount() {
      return (int) sources.stream().mapToInt(Source::index).distinct().count();
    }

    public int containerCount() {
      return (int) sources.stream().map(Source::container).distinct().count();
    }

    /** Whether some index shows more than one attempt. */
    public boolean severalAttempts() {
      return sources.stream().map(s -> s.index() + "/" + s.attempt()).distinct().count() > indexCount();
    }
  }

  private final KubernetesClient client;
  private final String namespace;

  public LogCollector(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Checks the selection against the Job: every selected index must be below completions.
   *
   * @throws PluginException exit 2 naming the indexes the Job does not have
   */
  public static IndexSet select(JobState job, IndexSet requested) {
    IndexSet all = IndexSet.range(job.completions());
    if (requested == null) {
      return all;
    }
    IndexSet outside = requested.minus(all);
    if (!outside.isEmpty()) {
      throw PluginException.usage("--index: job/" + job.name() + " has indexes " + all + "; it has no index "
          + outside);
    }
    return requested;
  }

  /** The sources for the selected indexes: the chosen attempt (or all, oldest first), and its containers. */
  public static Plan plan(PodsByIndex pods, IndexSet indexes, Options o) {
    List<Source> sources = new ArrayList<>();
    List<Integer> missing = new ArrayList<>();
    String[] defaulted = {null};
    indexes.stream().forEach(i -> {
      List<Pod> attempts = pods.attempts(i);
      if (attempts.isEmpty()) {
        missing.add(i);
        return;
      }
      List<Pod> shown = o.allAttempts() ? attempts : List.of(pods.chosen(i));
      for (Pod p : shown) {
        int attempt = attempts.indexOf(p) + 1;
        Choice choice = choose(p, o);
        if (defaulted[0] == null) {
          defaulted[0] = choice.defaulted();
        }
        for (String c : choice.containers()) {
          sources.add(new Source(i, attempt, p.getMetadata().getName(), PodsByIndex.phase(p), c));
        }
      }
    });
    return new Plan(sources, IndexSet.of(missing.stream().mapToInt(Integer::intValue).toArray()), defaulted[0]);
  }

  /** The containers to read in a pod, and kubectl's line when one was chosen for the user out of several, or null. */
  record Choice(List<String> containers, String defaulted) {}

  /** The containers to read in a pod: -c, --all-containers (init containers first), or the default container. */
  static List<String> containers(Pod p, Options o) {
    return choose(p, o).containers();
  }

  /**
   * As {@link #containers}, saying, as kubectl does, which container it chose when the user named none and the pod
   * has several without the {@code kubectl.kubernetes.io/default-container} annotation.
   */
  static Choice choose(Pod p, Options o) {
    Set<String> all = new LinkedHashSet<>();
    if (p.getSpec() != null) {
      if (p.getSpec().getInitContainers() != null) {
        p.getSpec().getInitContainers().stream().map(Container::getName).forEach(all::add);
      }
      if (p.getSpec().getContainers() != null) {
        p.getSpec().getContainers().stream().map(Container::getName).forEach(all::add);
      }
    }
    if (o.allContainers()) {
      return new Choice(List.copyOf(all), null);
    }
    if (o.container() != null) {
      if (!all.isEmpty() && !all.contains(o.container())) {
        throw PluginException.usage("-c: container \"" + o.container() + "\" is not in pod "
            + p.getMetadata().getName() + "; it has " + String.join(", ", all));
      }
      return new Choice(List.of(o.container()), null);
    }
    String annotated = p.getMetadata().getAnnotations() == null ? null
        : p.getMetadata().getAnnotations().get(Keys.DEFAULT_CONTAINER_ANNOTATION);
    if (annotated != null && !annotated.isEmpty() && (all.isEmpty() || all.contains(annotated))) {
      return new Choice(List.of(annotated), null);
    }
    List<Container> cs = p.getSpec() == null ? null : p.getSpec().getContainers();
    if (cs == null || cs.isEmpty()) {
      return new Choice(List.of(Manifests.WORKER), null);
    }
    String chosen = cs.stream().map(Container::getName).filter(Manifests.WORKER::equals).findFirst()
        .orElse(cs.get(0).getName());
    return new Choice(List.of(chosen), cs.size() > 1 ? defaulted(p, chosen) : null);
  }

  /** kubectl's words: {@code Defaulted container "a" out of: a, b, prep (init)}. */
  static String defaulted(Pod p, String chosen) {
    List<String> names = new ArrayList<>();
    p.getSpec().getContainers().forEach(c -> names.add(c.getName()));
    if (p.getSpec().getEphemeralContainers() != null) {
      p.getSpec().getEphemeralContainers().forEach(c -> names.add(c.getName() + " (ephem)"));
    }
    if (p.getSpec().getInitContainers() != null) {
      p.getSpec().getInitContainers().forEach(c -> names.add(c.getName() + " (init)"));
    }
    return "Defaulted container \"" + chosen + "\" out of: " + String.join(", ", names);
  }

  /**
   * Fetches every source with bounded concurrency and hands each to the sink in plan order.
   *
   * @return how many sources failed (each named on the sink's markers)
   */
  public int fetch(Plan plan, Options o, Sink sink) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(o.maxRequests(),
        Math.max(1, plan.sources().size()))), r -> {
          Thread t = new Thread(r, "logs");
          t.setDaemon(true);
          return t;
        });
    int failures = 0;
    if (plan.defaulted() != null) {
      sink.marker(plan.defaulted());
    }
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (Source s : plan.sources()) {
        futures.add(pool.submit(() -> read(s, o)));
      }
      for (int k = 0; k < futures.size(); k++) {
        Source s = plan.sources().get(k);
        if (o.allAttempts()) {
          sink.marker("==> index " + s.index() + " attempt " + s.attempt() + ": pod " + s.pod() + " ("
              + s.phase() + "), container " + s.container() + " <==");
        }
        try {
          sink.text(s, futures.get(k).get());
        } catch (ExecutionException e) {
          if (refusedForGood(e.getCause())) {
            // the user may not read pods/log here: every other index would say the same, so say it once
            throw ApiErrors.cluster(readingStep(s),
                e.getCause());
          }
          failures++;
          sink.marker("index " + s.index() + ": pod " + s.pod() + ", container " + s.container() + ": "
              + ApiErrors.describe(e.getCause()));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failures;
  }


  /** One log, tried up to {@link LogFollower#LOG_TRIES} times; a refusal body is a failure, not the log. */
  private String read(Source s, Options o) throws InterruptedException {
    RuntimeException last = null;
    for (int tried = 1; tried <= LogFollower.LOG_TRIES; tried++) {
      try {
        String text = loggable(s, o).getLog();
        String refused = statusError(text);
        if (refused == null) {
          return text;
        }
        last = PluginException.cluster(refused, new KubernetesClientException(refused, statusCode(text), null));
      } catch (KubernetesClientException e) {
        last = e;
      }
      if (refusedForGood(last)) {
        break; // a refusal (RBAC, a bad token) does not change between tries
      }
      if (tried < LogFollower.LOG_TRIES) {
        Thread.sleep(Math.min(4000, 250L << tried));
      }
    }
    throw last;
  }

  /**
   * When a log body is the API server's refusal (a {@code Status} object with {@code "status":"Failure"}), its
   * message; else null. A log request the server refused must never be printed as the index's log.
   */
  static String statusError(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (!t.startsWith("{") || !t.contains("\"kind\":\"Status\"") || !t.contains("\"status\":\"Failure\"")) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"")
        .matcher(t);
    String message = m.find() ? m.group(1).replace("\\\"", "\"") : "the server refused the log request";
    java.util.regex.Matcher c = java.util.regex.Pattern.compile("\"code\":(\\d+)").matcher(t);
    return message + (c.find() ? " (" + c.group(1) + ")" : "");
  }

  /** The step a refused log read names: "reading the log of pod P (index i)". */
  static String readingStep(Source s) {
    return "reading the log of pod " + s.pod() + " (index " + s.index() + ")";
  }

  /** A refusal no retry changes: the user is not authenticated (401) or may not read pods/log (403). */
  static boolean refusedForGood(Throwable failure) {
    int code = ApiErrors.code(failure);
    return code == 401 || code == 403;
  }

  /** The {@code code} of a refusal body ({@link #statusError}), or 0. */
  private static int statusCode(String text) {
    java.util.regex.Matcher c = java.util.regex.Pattern.compile("\"code\":(\\d+)").matcher(text);
    return c.find() ? Integer.parseInt(c.group(1)) : 0;
  }

  /** {@code text} without its first {@code lines} lines (a retried read after some lines were printed). */
  static String dropLines(String text, int lines) {
    int at = 0;
    for (int i = 0; i < lines && at >= 0; i++) {
      int nl = text.indexOf('\n', at);
      at = nl < 0 ? -1 : nl + 1;
    }
    return at < 0 ? "" : text.substring(at);
  }

  /** The log request for a source, with the options applied. */
  Loggable loggable(Source s, Options o) {
    return loggable(client, namespace, s, o, o.tail(), o.since(), o.sinceTime());
  }

  static Loggable loggable(KubernetesClient client, String namespace, Source s, Options o, Integer tail,
      Duration since, String sinceTime) {
    ContainerResource r = client.pods().inNamespace(namespace).withName(s.pod()).inContainer(s.container())
        .withReadyWaitTimeout(0);
    if (o.timestamps()) {
      r = (ContainerResource) r.usingTimestamps();
    }
    if (o.previous()) {
      r = (ContainerResource) r.terminated();
    }
    if (sinceTime != null) {
      r = (ContainerResource) r.sinceTime(sinceTime);
    } else if (since != null) {
      r = (ContainerResource) r.sinceSeconds((int) Math.max(1, since.getSeconds()));
    }
    if (tail != null && tail >= 0) {
      r = (ContainerResource) r.tailingLines(tail);
    }
    return r;
  }
}
