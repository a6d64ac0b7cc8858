package io.github.kubectlindexed.manifest;

import io.github.kubectlindexed.index.IndexSet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of an Indexed Job, as resolved from the flags (tutorial defaults already applied). Immutable.
 * Null means "not given" for the optional settings. {@link Manifests#build} validates it and turns it into objects.
 *
 * @param name the Job's name
 * @param namespace written into metadata.namespace when not null (only when -n was given, as kubectl does)
 * @param tutorial true when --image was not given and the tutorial's values fill the gaps
 * @param style how the pod learns its item
 * @param image the worker's image
 * @param initImage the init container's image (init style); null means {@link Tutorial#INIT_IMAGE}
 * @param command the worker's command and args; empty means the image's entrypoint
 * @param items the work items, or null when there are none
 * @param itemsFlag the flag the items came from ({@code --items}, {@code --item}, {@code --items-file}), or null
 *     for the tutorial's items; used in messages
 * @param itemsMode where the items travel
 * @param itemsModeGiven whether --items-mode was given (a mode without items is then an error)
 * @param inputPath the file the init and downward styles write the item or index to
 * @param completions as given (or the tutorial's); null means "the number of items"
 * @param parallelism null leaves it to the API's default
 * @param failIndexOnExitCodes the worker exit codes that fail the index at once, sorted, or null
 * @param successIndexes successPolicy's succeededIndexes, or null
 * @param successCount successPolicy's succeededCount, or null
 * @param restartPolicy the pods' restart policy
 * @param env extra environment of the worker (after JOB_COMPLETION_INDEX and JOB_COMPLETIONS), in order
 * @param labels extra labels of the Job and its pods
 * @param requests resource requests of the worker (name → quantity)
 * @param limits resource limits of the worker (name → quantity)
 */
public record IndexedJobRequest(
    String name,
    String namespace,
    boolean tutorial,
    Style style,
    String image,
    String initImage,
    List<String> command,
    List<String> items,
    String itemsFlag,
    ItemsMode itemsMode,
    boolean itemsModeGiven,
    String inputPath,
    Integer completions,
    Integer parallelism,
    Integer backoffLimit,
    Integer backoffLimitPerIndex,
    Integer maxFailedIndexes,
    List<Integer> failIndexOnExitCodes,
    IndexSet successIndexes,
    Integer successCount,
    RestartPolicy restartPolicy,
    Map<String, String> env,
    Map<String, String> labels,
    Map<String, String> requests,
    Map<String, String> limits,
    String serviceAccount,
    Integer ttlSecondsAfterFinished,
    Long activeDeadlineSeconds) {

  public IndexedJobRequest {
    command = command == null ? List.of() : List.copyOf(command);
    items = items == null ? null : Collections.unmodifiableList(items);
    failIndexOnExitCodes = failIndexOnExitCodes == null ? null : List.copyOf(failIndexOnExitCodes);
    env = frozen(env);
    labels = frozen(labels);
    requests = frozen(requests);
    limits = frozen(limits);
    if (style == null) {
      style = items != null ? Style.init : Style.env;
    }
    if (itemsMode == null) {
      itemsMode = ItemsMode.auto;
    }
    if (inputPath == null) {
      inputPath = Tutorial.INPUT_PATH;
    }
    if (restartPolicy == null) {
      restartPolicy = RestartPolicy.Never;
    }
  }

  private static Map<String, String> frozen(Map<String, String> m) {
    return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The number of pods: the completions given, else the number of items. */
  public int effectiveCompletions() {
    if (completions != null) {
      return completions;
    }
    return items == null ? 0 : items.size();
  }

  /** The init container's image. */
  public String effectiveInitImage() {
    return initImage != null ? initImage : Tutorial.INIT_IMAGE;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.namespace = namespace;
    b.tutorial = tutorial;
    b.style = style;
    b.image = image;
    b.initImage = initImage;
    b.command = command;
    b.items = items;
    b.itemsFlag = itemsFlag;
    b.itemsMode = itemsMode;
    b.itemsModeGiven = itemsModeGiven;
    b.inputPath = inputPath;
    b.completions = completions;
    b.parallelism = parallelism;
    b.backoffLimit = backoffLimit;
    b.backoffLimitPerIndex = backoffLimitPerIndex;
    b.maxFailedIndexes = maxFailedIndexes;
    b.failIndexOnExitCodes = failIndexOnExitCodes;
    b.successIndexes = successIndexes;
    b.successCount = successCount;
    b.restartPolicy = restartPolicy;
    b.env = env;
    b.labels = labels;
    b.requests = requests;
    b.limits = limits;
    b.serviceAccount = serviceAccount;
    b.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    b.activeDeadlineSeconds = activeDeadlineSeconds;
    return b;
  }

  /** A mutable builder, for the flags and for tests. */
  public static final class Builder {
    private String name;
    private String namespace;
    private boolean tutorial;
    private Style style;
    private String image;
    private String initImage;
    private List<String> command = List.of();
    private List<String> items;
    private String itemsFlag;
    private ItemsMode itemsMode;
    private boolean itemsModeGiven;
    private String inputPath;
    private Integer completions;
    private Integer parallelism;
    private Integer backoffLimit;
    private Integer backoffLimitPerIndex;
    private Integer maxFailedIndexes;
    private List<Integer> failIndexOnExitCodes;
    private IndexSet successIndexes;
    private Integer successCount;
    private RestartPolicy restartPolicy;
    private Map<String, String> env = Map.of();
    private Map<String, String> labels = Map.of();
    private Map<String, String> requests = Map.of();
    private Map<String, String> limits = Map.of();
    private String serviceAccount;
    private Integer ttlSecondsAfterFinished;
    private Long activeDeadlineSeconds;

    public Builder name(String v) { name = v; return this; }
    public Builder namespace(String v) { namespace = v; return this; }
    public Builder tutorial(boolean v) { tutorial = v; return this; }
    public Builder style(Style v) { style = v; return this; }
    public Builder image(String v) { image = v; return this; }
    public Builder initImage(String v) { initImage = v; return this; }
    public Builder command(List<String> v) { command = v; return this; }
    public Builder items(List<String> v) { items = v; return this; }
    public Builder itemsFlag(String v) { itemsFlag = v; return this; }
    public Builder itemsMode(ItemsMode v) { itemsMode = v; return this; }
    public Builder itemsModeGiven(boolean v) { itemsModeGiven = v; return this; }
    public Builder inputPath(String v) { inputPath = v; return this; }
    public Builder completions(Integer v) { completions = v; return this; }
    public Builder parallelism(Integer v) { parallelism = v; return this; }
    public Builder backoffLimit(Integer v) { backoffLimit = v; return this; }
    public Builder backoffLimitPerIndex(Integer v) { backoffLimitPerIndex = v; return this; }
    public Builder maxFailedIndexes(Integer v) { maxFailedIndexes = v; return this; }
    public Builder failIndexOnExitCodes(List<Integer> v) { failIndexOnExitCodes = v; return this; }
    public Builder successIndexes(IndexSet v) { successIndexes = v; return this; }
    public Builder successCount(Integer v) { successCount = v; return this; }
    public Builder restartPolicy(RestartPolicy v) { restartPolicy = v; return this; }
    public Builder env(Map<String, String> v) { env = v; return this; }
    public Builder labels(Map<String, String> v) { labels = v; return this; }
    public Builder requests(Map<String, String> v) { requests = v; return this; }
    public Builder limits(Map<String, String> v) { limits = v; return this; }
    public Builder serviceAccount(String v) { serviceAccount = v; return this; }
    public Builder ttlSecondsAfterFinished(Integer v) { ttlSecondsAfterFinished = v; return this; }
    public Builder activeDeadlineSeconds(Long v) { activeDeadlineSeconds = v; return this; }

    public IndexedJobRequest build() {
      return new IndexedJobRequest(name, namespace, tutorial, style, image, initImage, command, items, itemsFlag,
          itemsMode, itemsModeGiven, inputPath, completions, parallelism, backoffLimit, backoffLimitPerIndex,
          maxFailedIndexes, failIndexOnExitCodes, successIndexes, successCount, restartPolicy, env, labels, requests,
          limits, serviceAccount, ttlSecondsAfterFinished, activeDeadlineSeconds);
    }
  }
}
