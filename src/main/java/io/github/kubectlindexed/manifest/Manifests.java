package io.github.kubectlindexed.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import io.github.kubectlindexed.PluginException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a request into the objects {@code create} sends: a pure function of the request (no client, no clock, no
 * randomness), so it is tested by equality and golden files.
 */
public final class Manifests {
  private Manifests() {}

  /** On the item ConfigMaps: the name of the Job they belong to, so that delete can find orphans. */
  public static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
  public static final String COMPLETIONS_ENV = "JOB_COMPLETIONS";
  public static final String WORKER = "worker";
  public static final String INIT_CONTAINER = "input";
  public static final String INPUT_VOLUME = "input";
  public static final String ITEMS_VOLUME = "items";
  /** Where the item ConfigMaps are projected: file {@code /items/<index>} holds the item. */
  public static final String ITEMS_DIR = "/items";
  /**
   * What one item ConfigMap may cost, as the API server stores it: the JSON encoding of every {@code data} entry
   * ({@code "KEY":"VALUE",} with the value escaped as the server escapes it) plus the entry {@code managedFields}
   * repeats for every key ({@code "f:KEY":{},}). It is 1 MiB less a 16 KiB margin for the metadata (name, labels,
   * uid, timestamps, the owner reference added after the Job, the managedFields headers): so each stored ConfigMap
   * stays under 1 MiB as JSON, under the API server's 1 MiB limit for keys and values, and well under etcd's 1.5
   * MiB request limit (see JOB-API-FACTS "ConfigMap size, as stored").
   */
  public static final int CONFIGMAP_STORED_MAX = 1024 * 1024 - 16 * 1024;
  /** The JSON of {@code "KEY":"",} plus {@code "f:KEY":{},} without the key's and the value's own bytes. */
  static final int PER_KEY_OVERHEAD = 6 + 8;
  /** The largest item one ConfigMap holds, counted as {@link #storedLength} (its key is "0"). */
  public static final int ITEM_STORED_MAX = CONFIGMAP_STORED_MAX - PER_KEY_OVERHEAD - 2;
  /** In auto mode, items stay inline while the init script is at most this big. */
  public static final int AUTO_INLINE_MAX = 4 * 1024;
  /** With --items-mode inline, the init script may not exceed this (every pod copies the template). */
  public static final int INLINE_MAX = 512 * 1024;

  /**
   * How many spare item ConfigMaps a Job with ConfigMap items projects beyond the ones it is created with: the names
   * {@code <job>-items-<n>} to {@code <job>-items-<n+7>}, as {@code optional} sources of its items volume, so that a
   * ConfigMap created later (by {@code scale --completions M --items-file F}) reaches the pods made after it. Item
   * ConfigMaps are immutable, so every growth takes at least one spare, and one spare holds about 1 MiB of items as
   * stored ({@link #CONFIGMAP_STORED_MAX}): a Job can grow 8 times, or by up to about 8 MiB of items at once. Each
   * spare costs its pod template (which every pod copies) about 60 bytes.
   */
  public static final int SPARE_ITEM_CONFIGMAPS = 8;

  /** The name of the {@code k}-th item ConfigMap of Job {@code job}. */
  public static String configMapName(String job, int k) {
    return job + "-items-" + k;
  }

  /**
   * The spare item ConfigMaps a Job's pod template projects (optional sources of its items volume named
   * {@code <job>-items-<k>}), in the template's order; empty when it has none (items inline, no items, or a Job made
   * before spares existed).
   */
  public static List<String> spareItemConfigMaps(Job job) {
    List<String> out = new ArrayList<>();
    PodTemplateSpec t = job.getSpec() == null ? null : job.getSpec().getTemplate();
    if (t == null || t.getSpec() == null || t.getSpec().getVolumes() == null) {
      return out;
    }
    String prefix = job.getMetadata().getName() + "-items-";
    for (Volume v : t.getSpec().getVolumes()) {
      if (ITEMS_VOLUME.equals(v.getName()) && v.getProjected() != null && v.getProjected().getSources() != null) {
        for (VolumeProjection p : v.getProjected().getSources()) {
          ConfigMapProjection cm = p.getConfigMap();
          if (cm != null && Boolean.TRUE.equals(cm.getOptional()) && cm.getName() != null
              && cm.getName().startsWith(prefix) && (cm.getItems() == null || cm.getItems().isEmpty())) {
            out.add(cm.getName());
          }
        }
      }
    }
    return out;
  }

  /**
   * The ConfigMaps that give indexes {@code from, from+1, ...} their {@code items} when a Job grows: packed as
   * {@code create} packs them, each at most {@link #CONFIGMAP_STORED_MAX} as stored, named after {@code free} (the
   * Job's spare ConfigMaps that do not exist yet) in order, labelled as the Job's other item ConfigMaps, immutable.
   * Refuses in one line (naming {@code flag}) when they need more ConfigMaps than {@code free} names.
   */
  public static List<ConfigMap> moreItems(String job, String namespace, int from, List<String> items,
      List<String> free, String flag) {
    List<Map<String, String>> chunks = pack(items, from, flag);
    if (chunks.size() > free.size()) {
      throw PluginException.usage(flag + ": job/" + job + " has " + (free.isEmpty() ? "no spare item ConfigMap left"
          : free.size() + " spare item " + (free.size() == 1 ? "ConfigMap" : "ConfigMaps") + " left, and these "
          + items.size() + " items need " + chunks.size() + " (each holds at most " + CONFIGMAP_STORED_MAX
          + " bytes as stored)") + "; item ConfigMaps cannot change and its pod template names no others, so"
          + " create a new Job for more items");
    }
    List<ConfigMap> out = new ArrayList<>(chunks.size());
    for (int k = 0; k < chunks.size(); k++) {
      out.add(configMap(job, namespace, free.get(k), chunks.get(k)));
    }
    return out;
  }

  /** Validates the request and builds the ConfigMaps (first) and the Job. */
  public static Manifest build(IndexedJobRequest r) {
    if (!ValidationBypass.active()) {
      Validation.validate(r);
    }
    List<String> items = r.items();
    String script = null;
    List<ConfigMap> configMaps = List.of();
    if (items != null) {
      boolean useConfigMaps;
      switch (r.itemsMode()) {
        case inline -> {
          script = InitScript.inline(items, r.inputPath(), INLINE_MAX);
          if (script == null) {
            throw PluginException.usage("--items-mode: inline: the items need more than " + INLINE_MAX / 1024
                + " KiB in the pod template, which every pod copies; use --items-mode auto or configmap");
          }
          useConfigMaps = false;
        }
        case configmap -> useConfigMaps = true;
        default -> {
          if (r.style() == Style.init) {
            script = InitScript.inline(items, r.inputPath(), AUTO_INLINE_MAX);
          }
          useConfigMaps = script == null;
        }
      }
      if (useConfigMaps) {
        configMaps = configMaps(r);
        if (r.style() == Style.init) {
          script = InitScript.copy(ITEMS_DIR, r.inputPath());
        }
      }
    }
    return new Manifest(configMaps, job(r, script, configMaps));
  }

  /**
   * The item ConfigMaps: keys 0..N-1, packed in order, each costing at most {@link #CONFIGMAP_STORED_MAX} as the
   * API server stores it (data entries as JSON plus the managedFields entry of every key).
   */
  static List<ConfigMap> configMaps(IndexedJobRequest r) {
    List<Map<String, String>> chunks = pack(r.items(), 0, r.itemsFlag() != null ? r.itemsFlag() : "--items");
    List<ConfigMap> out = new ArrayList<>(chunks.size());
    for (int k = 0; k < chunks.size(); k++) {
      out.add(configMap(r.name(), r.namespace(), configMapName(r.name(), k), chunks.get(k)));
    }
    return out;
  }

  /**
   * Items as the data of item ConfigMaps: keys {@code first, first+1, ...}, packed in order, each map costing at
   * most {@link #CONFIGMAP_STORED_MAX} as the API server stores it.
   */
  private static List<Map<String, String>> pack(List<String> items, int first, String flag) {
    List<Map<String, String>> out = new ArrayList<>();
    Map<String, String> data = null;
    long size = 0;
    for (int i = 0, n = items.size(); i < n; i++) {
      String key = Integer.toString(first + i);
      String item = items.get(i);
      int valueBytes = storedLength(item);
      if (valueBytes > ITEM_STORED_MAX) {
        throw PluginException.usage(flag + ": item " + (first + i) + " needs " + valueBytes
            + " bytes as stored (JSON-escaped); one item must fit in one ConfigMap, which holds at most "
            + ITEM_STORED_MAX + " bytes");
      }
      long bytes = 2L * key.length() + PER_KEY_OVERHEAD + valueBytes;
      if (data == null || size + bytes > CONFIGMAP_STORED_MAX) {
        data = new LinkedHashMap<>(Math.min(n - i, 1 << 16) * 4 / 3 + 1);
        out.add(data);
        size = 0;
      }
      data.put(key, item);
      size += bytes;
    }
    return out;
  }

  /**
   * The bytes of {@code s} as a JSON string body, escaped as the API server and kubectl escape it (Go's
   * encoding/json: {@code "} and {@code \} and \n \r \t take 2 bytes; other control characters, {@code <},
   * {@code >}, {@code &}, U+2028 and U+2029 take 6; everything else its UTF-8 bytes), without the quotes.
   */
  public static int storedLength(String s) {
    int n = s.length();
    int bytes = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
          bytes += 2;
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
          bytes += 6;
        } else {
          bytes += 1;
        }
      } else if (c < 0x800) {
        bytes += 2;
      } else if (c == 0x2028 || c == 0x2029) {
        bytes += 6;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static ConfigMap configMap(String job, String namespace, String name, Map<String, String> data) {
    ConfigMap cm = new ConfigMap();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(namespace);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY);
    labels.put(Keys.ITEMS_JOB_LABEL, job);
    meta.setLabels(labels);
    cm.setMetadata(meta);
    cm.setImmutable(true);
    cm.setData(data);
    return cm;
  }

  private static Job job(IndexedJobRequest r, String initScript, List<ConfigMap> configMaps) {
    int n = r.effectiveCompletions();
    Job job = new Job();
    job.setApiVersion("batch/v1");
    job.setKind("Job");
    ObjectMeta meta = new ObjectMeta();
    meta.setName(r.name());
    meta.setNamespace(r.namespace());
    meta.setLabels(labels(r));
    job.setMetadata(meta);

    JobSpec spec = new JobSpec();
    spec.setCompletions(n);
    spec.setParallelism(r.parallelism());
    spec.setCompletionMode("Indexed");
    spec.setBackoffLimit(r.backoffLimit());
    spec.setBackoffLimitPerIndex(r.backoffLimitPerIndex());
    spec.setMaxFailedIndexes(r.maxFailedIndexes());
    spec.setTtlSecondsAfterFinished(r.ttlSecondsAfterFinished());
    spec.setActiveDeadlineSeconds(r.activeDeadlineSeconds());
    if (r.failIndexOnExitCodes() != null) {
      PodFailurePolicyOnExitCodesRequirement onExit = new PodFailurePolicyOnExitCodesRequirement();
      onExit.setContainerName(WORKER);
      onExit.setOperator("In");
      onExit.setValues(new ArrayList<>(r.failIndexOnExitCodes()));
      PodFailurePolicyRule rule = new PodFailurePolicyRule();
      rule.setAction("FailIndex");
      rule.setOnExitCodes(onExit);
      PodFailurePolicy policy = new PodFailurePolicy();
      policy.setRules(new ArrayList<>(List.of(rule)));
      spec.setPodFailurePolicy(policy);
    }
    if (r.successIndexes() != null || r.successCount() != null) {
      SuccessPolicyRule rule = new SuccessPolicyRule();
      rule.setSucceededIndexes(r.successIndexes() == null ? null : r.successIndexes().toString());
      rule.setSucceededCount(r.successCount());
      SuccessPolicy policy = new SuccessPolicy();
      policy.setRules(new ArrayList<>(List.of(rule)));
      spec.setSuccessPolicy(policy);
    }
    spec.setTemplate(template(r, n, initScript, configMaps));
    job.setSpec(spec);
    return job;
  }

  private static Map<String, String> labels(IndexedJobRequest r) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Keys.MANAGED_BY_LABEL, Keys.MANAGED_BY);
    labels.putAll(r.labels());
    return labels;
  }

  private static PodTemplateSpec template(IndexedJobRequest r, int n, String initScript, List<ConfigMap> cms) {
    String inputDir = parent(r.inputPath());
    String inputFile = r.inputPath().substring(inputDir.length() + 1);
    boolean hasConfigMaps = !cms.isEmpty();

    PodSpec pod = new PodSpec();
    pod.setRestartPolicy(r.restartPolicy().name());
    pod.setServiceAccountName(r.serviceAccount());
    List<Volume> volumes = new ArrayList<>();

    Container worker = new Container();
    worker.setName(WORKER);
    worker.setImage(r.image());
    if (!r.command().isEmpty()) {
      worker.setCommand(new ArrayList<>(r.command()));
    }
    List<EnvVar> env = indexEnv(n);
    for (Map.Entry<String, String> e : r.env().entrySet()) {
      env.add(new EnvVar(e.getKey(), e.getValue(), null));
    }
    worker.setEnv(env);
    if (!r.requests().isEmpty() || !r.limits().isEmpty()) {
      ResourceRequirements res = new ResourceRequirements();
      res.setRequests(quantities(r.requests()));
      res.setLimits(quantities(r.limits()));
      worker.setResources(res);
    }
    List<VolumeMount> workerMounts = new ArrayList<>();

    Map<String, String> annotations = null;
    switch (r.style()) {
      case init -> {
        Container init = new Container();
        init.setName(INIT_CONTAINER);
        init.setImage(r.effectiveInitImage());
        String shell = r.initImage() == null ? "bash" : "sh";
        init.setCommand(new ArrayList<>(List.of(shell, "-c", initScript)));
        init.setEnv(indexEnv(n));
        List<VolumeMount> initMounts = new ArrayList<>();
        initMounts.add(mount(INPUT_VOLUME, inputDir, null));
        if (hasConfigMaps) {
          initMounts.add(mount(ITEMS_VOLUME, ITEMS_DIR, true));
        }
        init.setVolumeMounts(initMounts);
        pod.setInitContainers(new ArrayList<>(List.of(init)));
        workerMounts.add(mount(INPUT_VOLUME, inputDir, null));
        Volume input = new Volume();
        input.setName(INPUT_VOLUME);
        input.setEmptyDir(new EmptyDirVolumeSource());
        volumes.add(input);
        annotations = new LinkedHashMap<>();
        annotations.put(Keys.DEFAULT_CONTAINER_ANNOTATION, WORKER);
      }
      case downward -> {
        workerMounts.add(mount(INPUT_VOLUME, inputDir, null));
        DownwardAPIVolumeFile file = new DownwardAPIVolumeFile();
        file.setPath(inputFile);
        file.setFieldRef(new ObjectFieldSelector(null, Keys.INDEX_FIELD_PATH));
        DownwardAPIVolumeSource source = new DownwardAPIVolumeSource();
        source.setItems(new ArrayList<>(List.of(file)));
        Volume input = new Volume();
        input.setName(INPUT_VOLUME);
        input.setDownwardAPI(source);
        volumes.add(input);
      }
      default -> {
        if (hasConfigMaps) {
          workerMounts.add(mount(ITEMS_VOLUME, ITEMS_DIR, true));
        }
      }
    }
    if (hasConfigMaps) {
      List<VolumeProjection> sources = new ArrayList<>(cms.size());
      for (ConfigMap cm : cms) {
        ConfigMapProjection p = new ConfigMapProjection();
        p.setName(cm.getMetadata().getName());
        VolumeProjection vp = new VolumeProjection();
        vp.setConfigMap(p);
        sources.add(vp);
      }
      for (int k = cms.size(); k < cms.size() + SPARE_ITEM_CONFIGMAPS; k++) {
        ConfigMapProjection p = new ConfigMapProjection();
        p.setName(configMapName(r.name(), k));
        p.setOptional(true);
        VolumeProjection vp = new VolumeProjection();
        vp.setConfigMap(p);
        sources.add(vp);
      }
      ProjectedVolumeSource projected = new ProjectedVolumeSource();
      projected.setSources(sources);
      Volume items = new Volume();
      items.setName(ITEMS_VOLUME);
      items.setProjected(projected);
      volumes.add(items);
    }
    if (!workerMounts.isEmpty()) {
      worker.setVolumeMounts(workerMounts);
    }
    pod.setContainers(new ArrayList<>(List.of(worker)));
    if (!volumes.isEmpty()) {
      pod.setVolumes(volumes);
    }

    ObjectMeta meta = new ObjectMeta();
    meta.setLabels(labels(r));
    if (annotations != null) {
      meta.setAnnotations(annotations);
    }
    PodTemplateSpec template = new PodTemplateSpec();
    template.setMetadata(meta);
    template.setSpec(pod);
    return template;
  }

  /**
   * JOB_COMPLETION_INDEX first, from the index annotation: the Job controller adds it only when missing, and then
   * last, where {@code $(JOB_COMPLETION_INDEX)} in earlier values and in args would not expand. Then
   * JOB_COMPLETIONS (kubernetes/kubernetes#106009).
   */
  private static List<EnvVar> indexEnv(int completions) {
    List<EnvVar> env = new ArrayList<>();
    EnvVarSource from = new EnvVarSource();
    from.setFieldRef(new ObjectFieldSelector(null, Keys.INDEX_FIELD_PATH));
    env.add(new EnvVar(INDEX_ENV, null, from));
    env.add(new EnvVar(COMPLETIONS_ENV, Integer.toString(completions), null));
    return env;
  }

  private static VolumeMount mount(String volume, String path, Boolean readOnly) {
    VolumeMount m = new VolumeMount();
    m.setName(volume);
    m.setMountPath(path);
    m.setReadOnly(readOnly);
    return m;
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    if (values.isEmpty()) {
      return null;
    }
    Map<String, Quantity> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      out.put(e.getKey(), new Quantity(e.getValue()));
    }
    return out;
  }

  static String parent(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }

  /** The UTF-8 length of {@code s}, without encoding it. */
  public static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2;
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

}
