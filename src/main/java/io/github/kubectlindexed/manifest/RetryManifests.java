package io.github.kubectlindexed.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.index.IndexMap;
import io.github.kubectlindexed.index.IndexSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a retry Job from the Job it re-runs: a pure function (no client). The retry Job runs exactly |SET|
 * completions; its pod with new index j does the work of original index SET[j] and sees what that pod saw.
 *
 * <p>The Job controller only knows the new indexes, so the map travels as data (annotation
 * {@link Keys#INDEX_MAP_ANNOTATION} and env {@link Keys#INDEX_MAP_ENV}, digits, commas and hyphens only) and the
 * pod resolves it before the worker starts:
 * <ul>
 *   <li>the worker runs under {@code sh -c} (a fixed script, {@link InitScript#workerWrapper}) that exports the
 *       original index as JOB_COMPLETION_INDEX, puts it where the kubelet would have expanded
 *       {@code $(JOB_COMPLETION_INDEX)} in the command, and execs the worker's own command: this needs a command
 *       (not the image's entrypoint) and {@code sh} in the worker's image;</li>
 *   <li>the init style's script resolves first, then picks the item exactly as before (inline items keep their
 *       {@code case} on the original index; ConfigMap items are copied into the retry's own ConfigMaps, keyed by
 *       the original index);</li>
 *   <li>the downward style's index file becomes an emptyDir that an init container fills with the original
 *       index.</li>
 * </ul>
 */
public final class RetryManifests {
  private RetryManifests() {}

  /** The init container that writes the downward style's index file in a retry. */
  public static final String INDEX_INIT_CONTAINER = "index";
  /** $0 of the worker's wrapper shell. */
  static final String WRAPPER_NAME = "kubectl-indexed-retry";
  /** The longest index map a retry carries (it is copied into every pod). */
  public static final int MAP_MAX = 64 * 1024;
  /**
   * What a retry's item ConfigMap may hold, counted as stored: keys and values, plus each key again in
   * managedFields and the JSON around them. The items came out of ConfigMaps of at most 1 MiB; a retry's subset
   * is packed well under that.
   */
  static final int CONFIGMAP_MAX = 768 * 1024;
  static final int KEY_OVERHEAD = 16;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /** create's pod flags, as overrides of the original's; null (or empty) keeps the original's. */
  public record Overrides(String image, Map<String, String> env, Map<String, String> requests,
      Map<String, String> limits, Integer backoffLimitPerIndex, Integer parallelism, Long activeDeadlineSeconds) {
    public static Overrides none() {
      return new Overrides(null, Map.of(), Map.of(), Map.of(), null, null, null);
    }
  }

  /**
   * What to build.
   *
   * @param original the Job whose indexes are re-run (the chain's first Job)
   * @param items the original's ConfigMap items by index, or null when it has none
   * @param set the original indexes to re-run, not empty
   * @param name the retry Job's name
   * @param generation the retry's place in the chain, from 1
   */
  public record Spec(Job original, Map<Integer, String> items, IndexSet set, String name, int generation,
      Overrides overrides) {}

  public static Manifest build(Spec s) {
    Job original = s.original();
    String originalName = original.getMetadata().getName();
    IndexMap map = IndexMap.of(s.set());
    int k = map.size();
    String mapText = map.toString();
    if (mapText.length() > MAP_MAX) {
      throw PluginException.usage("--index: the index map would be " + mapText.length() + " bytes in every pod"
          + " (at most " + MAP_MAX + "); retry fewer indexes at a time");
    }
    checkName(s.name(), k);
    Overrides o = s.overrides() == null ? Overrides.none() : s.overrides();

    PodTemplateSpec template = new PodTemplateSpecBuilder(original.getSpec().getTemplate()).build();
    ObjectMeta tmeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    template.setMetadata(tmeta);
    tmeta.setLabels(retryLabels(tmeta.getLabels(), originalName, s.generation()));
    PodSpec pod = template.getSpec();

    // item ConfigMaps: the retry's own, holding the re-run items under their original index
    List<ConfigMap> configMaps = new ArrayList<>();
    Volume itemsVolume = volume(pod, Manifests.ITEMS_VOLUME);
    if (itemsVolume != null && itemsVolume.getProjected() != null) {
      if (s.items() == null) {
        throw PluginException.cluster("the item ConfigMaps of job/" + originalName + " are gone; its items cannot"
            + " be re-run", null);
      }
      configMaps = configMaps(s, original.getMetadata().getNamespace());
      List<VolumeProjection> sources = new ArrayList<>();
      for (ConfigMap cm : configMaps) {
        ConfigMapProjection p = new ConfigMapProjection();
        p.setName(cm.getMetadata().getName());
        VolumeProjection vp = new VolumeProjection();
        vp.setConfigMap(p);
        sources.add(vp);
      }
      itemsVolume.getProjected().setSources(sources);
    }

    Container worker = worker(pod);
    List<Container> inits = pod.getInitContainers() == null ? new ArrayList<>()
        : new ArrayList<>(pod.getInitContainers());
    // init style: the script resolves the original index before it picks the item
    for (Container init : inits) {
      List<String> cmd = init.getCommand();
      if (Manifests.INIT_CONTAINER.equals(init.getName()) && cmd != null && cmd.size() == 3
          && "-c".equals(cmd.get(1))) {
        init.setCommand(new ArrayList<>(List.of(cmd.get(0), "-c", InitScript.resolvedFirst(cmd.get(2)))));
        addMapEnv(init, mapText);
      }
    }
    // downward style: the index file comes from an init container that writes the original index
    Volume input = volume(pod, Manifests.INPUT_VOLUME);
    if (input != null && input.getDownwardAPI() != null && input.getDownwardAPI().getItems() != null) {
      DownwardAPIVolumeFile file = input.getDownwardAPI().getItems().stream()
          .filter(f -> f.getFieldRef() != null && Keys.INDEX_FIELD_PATH.equals(f.getFieldRef().getFieldPath()))
          .findFirst().orElse(null);
      VolumeMount mount = worker.getVolumeMounts() == null ? null : worker.getVolumeMounts().stream()
          .filter(m -> Manifests.INPUT_VOLUME.equals(m.getName())).findFirst().orElse(null);
      if (file != null && mount != null) {
        input.setDownwardAPI(null);
        input.setEmptyDir(new EmptyDirVolumeSource());
        Container index = new Container();
        index.setName(INDEX_INIT_CONTAINER);
        index.setImage(Tutorial.IMAGE);
        index.setCommand(new ArrayList<>(List.of("sh", "-c",
            InitScript.indexFile(mount.getMountPath() + "/" + file.getPath()))));
        index.setEnv(new ArrayList<>(List.of(indexEnv())));
        addMapEnv(index, mapText);
        VolumeMount m = new VolumeMount();
        m.setName(Manifests.INPUT_VOLUME);
        m.setMountPath(mount.getMountPath());
        index.setVolumeMounts(new ArrayList<>(List.of(m)));
        inits.add(0, index);
        Map<String, String> ann = tmeta.getAnnotations() == null ? new LinkedHashMap<>()
            : new LinkedHashMap<>(tmeta.getAnnotations());
        ann.putIfAbsent(Keys.DEFAULT_CONTAINER_ANNOTATION, worker.getName());
        tmeta.setAnnotations(ann);
      }
    }
    if (!inits.isEmpty()) {
      pod.setInitContainers(inits);
    }
    boolean itemOrIndexFromFile = inits.stream().anyMatch(c -> Manifests.INIT_CONTAINER.equals(c.getName())
        || INDEX_INIT_CONTAINER.equals(c.getName()));
    wrapWorker(worker, originalName, mapText, o, itemOrIndexFromFile);

    Job job = new Job();
    job.setApiVersion("batch/v1");
    job.setKind("Job");
    ObjectMeta meta = new ObjectMeta();
    meta.setName(s.name());
    meta.setNamespace(original.getMetadata().getNamespace());
    Map<String, String> labels = retryLabels(original.getMetadata().getLabels(), originalName, s.generation());
    labels.remove(Keys.ITEMS_JOB_LABEL);
    meta.setLabels(labels);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Keys.RETRY_OF_UID_ANNOTATION, String.valueOf(original.getMetadata().getUid()));
    annotations.put(Keys.INDEX_MAP_ANNOTATION, mapText);
    meta.setAnnotations(annotations);
    job.setMetadata(meta);

    JobSpec from = original.getSpec();
    JobSpec spec = new JobSpec();
    spec.setCompletions(k);
    int parallelism = o.parallelism() != null ? o.parallelism()
        : Math.min(k, from.getParallelism() == null ? 1 : from.getParallelism());
    spec.setParallelism(parallelism);
    spec.setCompletionMode("Indexed");
    spec.setBackoffLimit(from.getBackoffLimit());
    spec.setBackoffLimitPerIndex(o.backoffLimitPerIndex() != null ? o.backoffLimitPerIndex()
        : from.getBackoffLimitPerIndex());
    if (from.getMaxFailedIndexes() != null && spec.getBackoffLimitPerIndex() != null) {
      spec.setMaxFailedIndexes(Math.min(k, from.getMaxFailedIndexes()));
    }
    spec.setPodFailurePolicy(from.getPodFailurePolicy());
    spec.setPodReplacementPolicy(from.getPodReplacementPolicy());
    spec.setTtlSecondsAfterFinished(from.getTtlSecondsAfterFinished());
    spec.setActiveDeadlineSeconds(o.activeDeadlineSeconds() != null ? o.activeDeadlineSeconds()
        : from.getActiveDeadlineSeconds());
    spec.setTemplate(template);
    job.setSpec(spec);
    return new Manifest(configMaps, job);
  }

  private static Map<String, String> retryLabels(Map<String, String> from, String original, int generation) {
    Map<String, String> labels = from == null ? new LinkedHashMap<>() : new LinkedHashMap<>(from);
    for (String controllerLabel : List.of("controller-uid", "job-name", "batch.kubernetes.io/controller-uid",
        Keys.JOB_NAME_LABEL)) {
      labels.remove(controllerLabel);
    }
    labels.put(Keys.RETRY_OF_LABEL, original);
    labels.put(Keys.RETRY_GENERATION_LABEL, Integer.toString(generation));
    return labels;
  }

  private static void checkName(String name, int completions) {
    String longest = name + "-" + (completions - 1);
    if (longest.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
      throw PluginException.usage("--name: \"" + name + "\": \"" + longest + "\" must be a DNS label (lower-case"
          + " letters, digits and '-', at most 63 characters); choose a shorter --name");
    }
  }

  private static List<ConfigMap> configMaps(Spec s, String namespace) {
    List<ConfigMap> out = new ArrayList<>();
    Map<String, String> data = null;
    int size = 0;
    for (int i : s.set().stream().toArray()) {
      String item = s.items().get(i);
      if (item == null) {
        throw PluginException.cluster("the item ConfigMaps of job/" + s.original().getMetadata().getName()
            + " have no item " + i + "; it cannot be re-run", null);
      }
      String key = Integer.toString(i);
      int bytes = key.length() + Manifests.utf8Length(item) + KEY_OVERHEAD;
      if (data == null || size + bytes > CONFIGMAP_MAX) {
        data = new LinkedHashMap<>();
        ConfigMap cm = new ConfigMap();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(Manifests.configMapName(s.name(), out.size()));
        meta.setNamespace(namespace);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY);
        labels.put(Keys.ITEMS_JOB_LABEL, s.name());
        meta.setLabels(labels);
        cm.setMetadata(meta);
        cm.setImmutable(true);
        cm.setData(data);
        out.add(cm);
        size = 0;
      }
      data.put(key, item);
      size += bytes;
    }
    return out;
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes() == null ? null
        : pod.getVolumes().stream().filter(v -> name.equals(v.getName())).findFirst().orElse(null);
  }

  /** The container that does the work: "worker", else the first. */
  static Container worker(PodSpec pod) {
    return pod.getContainers().stream().filter(c -> Manifests.WORKER.equals(c.getName())).findFirst()
        .orElse(pod.getContainers().get(0));
  }

  private static void wrapWorker(Container worker, String originalName, String mapText, Overrides o,
      boolean fromFile) {
    List<String> command = new ArrayList<>();
    if (worker.getCommand() != null) {
      command.addAll(worker.getCommand());
    }
    if (worker.getArgs() != null) {
      command.addAll(worker.getArgs());
    }
    boolean entrypoint = worker.getCommand() == null || worker.getCommand().isEmpty();
    if (entrypoint && !fromFile) {
      throw PluginException.usage("retry: the worker of job/" + originalName + " runs its image's entrypoint (no"
          + " command), so it cannot be given its original index; retry cannot re-run it");
    }
    List<EnvVar> env = worker.getEnv() == null ? new ArrayList<>() : new ArrayList<>(worker.getEnv());
    for (Map.Entry<String, String> e : o.env().entrySet()) {
      env.removeIf(v -> e.getKey().equals(v.getName()));
      env.add(new EnvVar(e.getKey(), e.getValue(), null));
    }
    for (EnvVar v : env) {
      if (!Manifests.INDEX_ENV.equals(v.getName()) && v.getValue() != null && refersToIndex(v.getValue())) {
        throw PluginException.usage("retry: the worker's variable " + v.getName() + " is made from"
            + " $(JOB_COMPLETION_INDEX), which a retried pod cannot be given before it starts; retry cannot re-run"
            + " it with the original index");
      }
    }
    if (env.stream().noneMatch(v -> Manifests.INDEX_ENV.equals(v.getName()))) {
      env.add(0, indexEnv());
    }
    if (entrypoint) {
      // the worker reads its item or index from the file; with no command to wrap, its JOB_COMPLETION_INDEX is
      // declared empty rather than left to the controller, which would give it the new index
      env.replaceAll(v -> Manifests.INDEX_ENV.equals(v.getName()) ? new EnvVar(Manifests.INDEX_ENV, "", null) : v);
      worker.setEnv(env);
      applyOverrides(worker, o);
      return;
    }
    worker.setEnv(env);
    addMapEnv(worker, mapText);
    List<String> wrapped = new ArrayList<>(List.of("sh", "-c", InitScript.workerWrapper(), WRAPPER_NAME));
    for (String arg : command) {
      wrapped.add(keepIndexRef(arg));
    }
    worker.setCommand(wrapped);
    worker.setArgs(null);
    applyOverrides(worker, o);
  }

  private static void applyOverrides(Container worker, Overrides o) {
    if (o.image() != null) {
      worker.setImage(o.image());
    }
    if (!o.requests().isEmpty() || !o.limits().isEmpty()) {
      ResourceRequirements res = worker.getResources() == null ? new ResourceRequirements() : worker.getResources();
      res.setRequests(merge(res.getRequests(), o.requests()));
      res.setLimits(merge(res.getLimits(), o.limits()));
      worker.setResources(res);
    }
  }

  private static Map<String, Quantity> merge(Map<String, Quantity> from, Map<String, String> over) {
    if ((from == null || from.isEmpty()) && over.isEmpty()) {
      return from;
    }
    Map<String, Quantity> out = from == null ? new LinkedHashMap<>() : new LinkedHashMap<>(from);
    over.forEach((k, v) -> out.put(k, new Quantity(v)));
    return out;
  }

  private static EnvVar indexEnv() {
    EnvVarSource from = new EnvVarSource();
    from.setFieldRef(new ObjectFieldSelector(null, Keys.INDEX_FIELD_PATH));
    return new EnvVar(Manifests.INDEX_ENV, null, from);
  }

  private static void addMapEnv(Container c, String mapText) {
    List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
    env.removeIf(v -> Keys.INDEX_MAP_ENV.equals(v.getName()));
    env.add(new EnvVar(Keys.INDEX_MAP_ENV, mapText, null));
    c.setEnv(env);
  }

  /** Whether the kubelet would expand {@code $(JOB_COMPLETION_INDEX)} in {@code s} ({@code $$} is an escape). */
  static boolean refersToIndex(String s) {
    return !keepIndexRef(s).equals(s);
  }

  /**
   * Escapes each {@code $(JOB_COMPLETION_INDEX)} the kubelet would expand, so that it reaches the wrapper
   * literally and the wrapper puts the original index there; every other character is kept.
   */
  static String keepIndexRef(String s) {
    String ref = "$(" + Manifests.INDEX_ENV + ")";
    StringBuilder out = new StringBuilder(s.length() + 8);
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("$$", i)) {
        out.append("$$");
        i += 2;
      } else if (s.startsWith(ref, i)) {
        out.append('$').append(ref);
        i += ref.length();
      } else {
        out.append(s.charAt(i));
        i++;
      }
    }
    return out.toString();
  }
}
