package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.manifest.Manifest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Creates a {@link Manifest}: the item ConfigMaps first (so no pod can start before its items exist), then the Job,
 * then makes the Job the owner of every ConfigMap (so deleting the Job deletes them). On any failure it deletes what
 * it made, and the error says what was deleted, or exactly what is left.
 */
public final class Creator {
  /** How long an interrupt waits for the request in flight before it undoes what was made. */
  static final Duration INTERRUPT_GRACE = Duration.ofSeconds(10);
  /** How long the undo of an interrupted create retries through an outage (the process is ending). */
  static final Duration INTERRUPT_WINDOW = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final String namespace;
  private final Guard guard;
  /** Whether the cluster has answered a request of this create: only then is a transient failure retried. */
  private boolean answered;
  // what exists so far; read by the guard's interrupt once it holds the lock (or after its grace)
  private final List<ConfigMap> made = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile String pendingConfigMap;
  private volatile String pendingJob;
  private volatile Job job;
  private volatile boolean done;

  /**
   * Lets an interrupt (a JVM shutdown hook: Ctrl-C, SIGTERM) stop a create between two requests and undo what it
   * made. {@link #interrupt} returns the lines that say what happened, for stderr.
   */
  public static final class Guard {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean cancelled;
    private volatile Creator creator;

    boolean cancelled() {
      return cancelled;
    }

    /**
     * Stops the create at its next step, waits for the request in flight (at most {@link #INTERRUPT_GRACE}), then
     * deletes what it made; when the create had finished, says that the Job exists and how to delete it.
     *
     * @return the lines for stderr (none when nothing had been made)
     */
    public List<String> interrupt() {
      cancelled = true;
      boolean locked = false;
      try {
        locked = lock.tryLock(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        Creator c = creator;
        return c == null ? List.of() : c.undo(!locked);
      } finally {
        if (locked) {
          lock.unlock();
        }
      }
    }
  }

  /** What the server returned. */
  public record Created(List<ConfigMap> configMaps, Job job) {
    /** ConfigMaps first, then the Job. */
    public List<HasMetadata> objects() {
      List<HasMetadata> all = new ArrayList<>(configMaps);
      all.add(job);
      return all;
    }
  }

  public Creator(KubernetesClient client, String namespace) {
    this(client, namespace, new Guard());
  }

  Creator(KubernetesClient client, String namespace, Guard guard) {
    this.client = client;
    this.namespace = namespace;
    this.guard = guard;
    guard.creator = this;
  }

  /**
   * One request, under the guard's lock and never after an interrupt. Once the cluster has answered, a transient
   * failure (an apiserver restart) is retried for up to {@link Transient#WINDOW}; a first request is not (a cluster
   * that never answered is said at once).
   */
  private <T> T call(Supplier<T> request) {
    return call(request, made -> { });
  }

  /**
   * As {@link #call(Supplier)}; {@code record} books the answer while the guard's lock is still held, so an
   * interrupt that takes the lock after the request sees what the request made (booked after the lock was released,
   * an interrupt in between said "nothing was created" about a ConfigMap that existed).
   */
  private <T> T call(Supplier<T> request, java.util.function.Consumer<T> record) {
    Supplier<T> attempt = () -> {
      try {
        guard.lock.lockInterruptibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw PluginException.interrupted();
      }
      try {
        if (guard.cancelled) {
          throw PluginException.interrupted();
        }
        T answer = request.get();
        record.accept(answer);
        return answer;
      } finally {
        guard.lock.unlock();
      }
    };
    T result = answered ? Transient.retry(attempt, Transient.WINDOW, guard::cancelled) : attempt.get();
    answered = true;
    return result;
  }

  /** Creates everything; with {@code serverDryRun} every request carries dryRun=All and nothing is kept. */
  public Created create(Manifest manifest, boolean serverDryRun) {
    String jobName = manifest.job().getMetadata().getName();
    made.clear();
    job = null;
    done = false;
    for (ConfigMap cm : manifest.configMaps()) {
      String cmName = cm.getMetadata().getName();
      pendingConfigMap = serverDryRun ? null : cmName;
      boolean[] retried = {false};
      try {
        call(() -> {
          try {
            ConfigMap answer = client.configMaps().inNamespace(namespace).resource(cm).dryRun(serverDryRun).create();
            return serverDryRun ? answer : slim(answer);
          } catch (KubernetesClientException e) {
            // a retried POST whose first try reached the server: the ConfigMap is the one this command sent
            ConfigMap there = retried[0] && e.getCode() == 409 ? sameConfigMap(cm) : null;
            retried[0] = true;
            if (there != null) {
              return there;
            }
            throw e;
          }
        }, answer -> {
          made.add(answer);
          pendingConfigMap = null;
        });
        pendingConfigMap = null;
      } catch (RuntimeException e) {
        pendingConfigMap = null;
        if (e instanceof PluginException pe) {
          throw pe;
        }
        String cleanup = serverDryRun ? "" : cleanup(made, null);
        if (ApiErrors.code(e) == 409 && jobExists(jobName)) {
          throw PluginException.cluster(alreadyExists(jobName) + cleanup, e);
        }
        throw PluginException.cluster(step("creating configmap/" + cmName, e, made) + cleanup, e);
      }
    }
    Job created;
    pendingJob = serverDryRun ? null : jobName;
    try {
      boolean[] retried = {false};
      created = call(() -> {
        try {
          return client.batch().v1().jobs().inNamespace(namespace).resource(manifest.job()).dryRun(serverDryRun)
              .create();
        } catch (KubernetesClientException e) {
          Job there = retried[0] && e.getCode() == 409 ? sameJob(manifest.job()) : null;
          retried[0] = true;
          if (there != null) {
            return there;
          }
          throw e;
        }
      }, answer -> {
        if (!serverDryRun) {
          job = answer;
        }
        pendingJob = null;
      });
      pendingJob = null;
    } catch (RuntimeException e) {
      pendingJob = null;
      if (e instanceof PluginException pe) {
        throw pe;
      }
      String cleanup = serverDryRun ? "" : cleanup(made, null);
      if (ApiErrors.code(e) == 409) {
        throw PluginException.cluster(alreadyExists(jobName) + cleanup, e);
      }
      throw PluginException.cluster(step("creating job.batch/" + jobName, e, made) + cleanup, e);
    }
    if (serverDryRun || made.isEmpty()) {
      done = true;
      return new Created(List.copyOf(made), created);
    }
    String patch = ownerPatch(created);
    List<ConfigMap> owned = new ArrayList<>(made.size());
    for (int i = 0; i < made.size(); i++) {
      ConfigMap cm = made.get(i);
      Map<String, String> sentData = manifest.configMaps().get(i).getData();
      String name = cm.getMetadata().getName();
      try {
        // resource(cm): the created object names the target, so no GET of the (large) ConfigMap comes first
        ConfigMap patched = call(() -> client.configMaps().inNamespace(namespace).resource(cm)
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        // bounded memory (1,000,000 items): the ConfigMap is immutable, so its data is the map this command sent;
        // keep that one copy, and no managedFields (kubectl does not print them either)
        patched.getMetadata().setManagedFields(null);
        patched.setData(sentData);
        owned.add(patched);
      } catch (PluginException e) {
        throw e;
      } catch (RuntimeException e) {
        throw PluginException.cluster("making job.batch/" + jobName + " the owner of configmap/" + name + ": "
            + ApiErrors.describe(e) + cleanup(made, created), e);
      }
    }
    done = true;
    return new Created(owned, created);
  }

  /** What this command keeps of a created ConfigMap until it is owned: its metadata, without managedFields. */
  private static ConfigMap slim(ConfigMap created) {
    ConfigMap cm = new ConfigMap();
    cm.setApiVersion(created.getApiVersion());
    cm.setKind(created.getKind());
    cm.setMetadata(created.getMetadata());
    cm.getMetadata().setManagedFields(null);
    cm.setImmutable(created.getImmutable());
    return cm;
  }

  /** The ConfigMap of that name when it holds exactly what this command sent (its first try reached the server). */
  private ConfigMap sameConfigMap(ConfigMap sent) {
    ConfigMap there = client.configMaps().inNamespace(namespace).withName(sent.getMetadata().getName()).get();
    return there != null && java.util.Objects.equals(there.getData(), sent.getData())
        && java.util.Objects.equals(there.getMetadata().getLabels(), sent.getMetadata().getLabels()) ? there : null;
  }

  /** The Job of that name when its labels and template are the ones this command sent. */
  private Job sameJob(Job sent) {
    Job there = client.batch().v1().jobs().inNamespace(namespace).withName(sent.getMetadata().getName()).get();
    return there != null && java.util.Objects.equals(there.getMetadata().getLabels(), sent.getMetadata().getLabels())
        && there.getMetadata().getCreationTimestamp() != null ? there : null;
  }

  /**
   * The interrupt's account: the create had finished (the Job is announced, with how to delete it), or what it had
   * made is deleted. {@code inFlight}: a request may still be running, so its object is deleted by name too.
   */
  private List<String> undo(boolean inFlight) {
    String ns = namespace;
    if (done && job == null) {
      return List.of();
    }
    if (done) {
      return List.of("interrupted: job.batch/" + job.getMetadata().getName() + " was created and keeps running;"
          + " delete it with: kubectl indexed delete " + job.getMetadata().getName() + " -n " + ns);
    }
    List<ConfigMap> cms = new ArrayList<>(made);
    String cmInFlight = pendingConfigMap;
    String jobInFlight = pendingJob;
    if (cms.isEmpty() && job == null && (!inFlight || cmInFlight == null && jobInFlight == null)) {
      return List.of("interrupted: nothing was created");
    }
    List<String> extra = new ArrayList<>();
    if (inFlight && cmInFlight != null && cms.stream().noneMatch(c -> c.getMetadata().getName().equals(cmInFlight))) {
      extra.add("configmap/" + cmInFlight);
    }
    Job j = job;
    if (j == null && inFlight && jobInFlight != null) {
      extra.add("job.batch/" + jobInFlight);
    }
    String said = cleanup(cms, j, extra, INTERRUPT_WINDOW);
    return List.of("interrupted" + (said.isEmpty() ? ": nothing was created" : said));
  }
  /** The merge patch that makes {@code job} the (non-controller) owner, blocking its foreground deletion. */
  static String ownerPatch(Job job) {
    return "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"name\":"
        + jsonString(job.getMetadata().getName()) + ",\"uid\":" + jsonString(job.getMetadata().getUid())
        + ",\"controller\":false,\"blockOwnerDeletion\":true}]}}";
  }

  private boolean jobExists(String name) {
    try {
      return client.batch().v1().jobs().inNamespace(namespace).withName(name).get() != null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** The failed step and why; a cluster that could not be reached before anything was made is the plain line. */
  private static String step(String doing, RuntimeException e, List<ConfigMap> made) {
    return made.isEmpty() && ApiErrors.unreachable(e) ? ApiErrors.describe(e) : doing + ": " + ApiErrors.describe(e);
  }

  private static String alreadyExists(String jobName) {
    return "jobs.batch \"" + jobName + "\" already exists";
  }

  /**
   * Deletes the Job (when not null, pods in the background) and the ConfigMaps this command made; returns the
   * sentence for the error message: what was deleted, and what is left, with the one command that removes it.
   */
  private String cleanup(List<ConfigMap> configMaps, Job job) {
    return cleanup(configMaps, job, List.of(), Transient.WINDOW);
  }

  /** {@code extra}: objects ("kind/name") a request in flight may have made; one found absent is not mentioned. */
  private String cleanup(List<ConfigMap> configMaps, Job job, List<String> extra, Duration window) {
    List<String> targets = new ArrayList<>();
    if (job != null) {
      targets.add("job.batch/" + job.getMetadata().getName());
    }
    for (ConfigMap cm : configMaps) {
      targets.add("configmap/" + cm.getMetadata().getName());
    }
    targets.addAll(extra);
    List<String> deleted = new ArrayList<>();
    List<String> left = new ArrayList<>();
    String why = null;
    for (String target : targets) {
      String name = target.substring(target.indexOf('/') + 1);
      try {
        boolean gone = Transient.retry(() -> target.startsWith("job.batch/")
            ? !client.batch().v1().jobs().inNamespace(namespace).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty()
            : !client.configMaps().inNamespace(namespace).withName(name).delete().isEmpty(), window, () -> false);
        if (gone || !extra.contains(target)) {
          deleted.add(target);
        }
      } catch (RuntimeException e) {
        left.add(target);
        if (why == null) {
          why = ApiErrors.describe(e);
        }
      }
    }
    return cleanupAccount(deleted, left, why, namespace);
  }

  /**
   * The sentence a failed step appends after cleaning up: what was deleted, and what is left with the one command
   * that removes it ({@code why}: the first failed delete's line).
   */
  static String cleanupAccount(List<String> deleted, List<String> left, String why, String namespace) {
    StringBuilder sb = new StringBuilder();
    if (!deleted.isEmpty()) {
      sb.append("; deleted what this command had created: ").append(String.join(", ", deleted));
    }
    if (!left.isEmpty()) {
      sb.append("; could not delete ").append(String.join(", ", left)).append(" (").append(why)
          .append("), so ").append(left.size() == 1 ? "it is" : "they are").append(" left in namespace ")
          .append(namespace).append(": remove ").append(left.size() == 1 ? "it" : "them")
          .append(" with kubectl delete -n ").append(namespace).append(' ').append(String.join(" ", left));
    }
    return sb.toString();
  }

  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder(s == null ? 4 : s.length() + 2);
    if (s == null) {
      return "null";
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
