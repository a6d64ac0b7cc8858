package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cli.Context;
import io.github.kubectlindexed.manifest.IndexedJobRequest;
import io.github.kubectlindexed.manifest.ItemsMode;
import io.github.kubectlindexed.manifest.Queueing;
import io.github.kubectlindexed.manifest.RestartPolicy;
import io.github.kubectlindexed.manifest.Style;
import io.github.kubectlindexed.manifest.Tutorial;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;

/**
 * The workload flags of {@code create} (and {@code run}): {@code [NAME] [flags] [-- COMMAND [ARG...]]}. A mixin:
 * {@link #toRequest} resolves them, with the tutorial's values when {@code --image} is not given.
 */
public class JobOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Parameters(paramLabel = "NAME", arity = "0..*", hideParamSyntax = true,
      description = "The Job's name (default without --image: indexed-job). After '--': the worker's command and"
          + " args; quote $(...) in single quotes.")
  List<String> positional = new ArrayList<>();

  @Option(names = "--image", paramLabel = "IMAGE",
      description = "The worker's image. Without it, every setting not given takes the tutorial's value.")
  String image;

  @Option(names = "--style", paramLabel = "STYLE",
      description = "How a pod learns its item: env, init or downward (default: init with items, env without;"
          + " without --image: init).")
  Style style;

  @Option(names = "--completions", paramLabel = "N", description = "Number of indexes (default: the number of items).")
  Integer completions;

  @Option(names = "--parallelism", paramLabel = "N", description = "Pods running at once (tutorial: 3).")
  Integer parallelism;

  @Option(names = "--items", paramLabel = "A,B,C", preprocessor = Verbatim.class, description = "Work items, split on commas (no quoting).")
  String items;

  @Option(names = "--item", paramLabel = "VALUE", preprocessor = Verbatim.class,
      description = "One work item, verbatim (repeatable). An item beginning with '-' is given as --item=-n.")
  List<String> item = new ArrayList<>();

  @Option(names = "--items-file", paramLabel = "FILE",
      description = "Work items, one per line (blank lines included); '-' reads stdin.")
  String itemsFile;

  @Option(names = "--items-mode", paramLabel = "MODE",
      description = "auto (default: inline while small, else ConfigMaps), inline or configmap.")
  ItemsMode itemsMode;

  @Option(names = "--input-path", paramLabel = "PATH",
      description = "The file the init and downward styles write (default: /input/data.txt).")
  String inputPath;

  @Option(names = "--init-image", paramLabel = "IMAGE",
      description = "The init container's image, with a POSIX shell (default: docker.io/library/bash).")
  String initImage;

  @Option(names = "--backoff-limit", paramLabel = "N", description = "Pod failures before the Job fails.")
  Integer backoffLimit;

  @Option(names = "--backoff-limit-per-index", paramLabel = "N",
      description = "Failures allowed per index (needs --restart-policy Never).")
  Integer backoffLimitPerIndex;

  @Option(names = "--max-failed-indexes", paramLabel = "N",
      description = "Failed indexes before the Job fails (needs --backoff-limit-per-index).")
  Integer maxFailedIndexes;

  @Option(names = "--fail-index-on-exit-codes", paramLabel = "LIST",
      description = "Worker exit codes that fail the index at once, e.g. 3,42 (needs --backoff-limit-per-index).")
  String failIndexOnExitCodes;

  @Option(names = "--success-indexes", paramLabel = "SET",
      description = "The Job succeeds once these indexes succeed, e.g. 0-2,7 (successPolicy).")
  String successIndexes;

  @Option(names = "--success-count", paramLabel = "N",
      description = "The Job succeeds once N indexes (of --success-indexes, if given) succeed.")
  Integer successCount;

  @Option(names = "--restart-policy", paramLabel = "POLICY", description = "Never (default) or OnFailure.")
  RestartPolicy restartPolicy;

  @Option(names = "--env", paramLabel = "K=V", description = "Worker environment variable (repeatable).")
  List<String> env = new ArrayList<>();

  @Option(names = "--labels", paramLabel = "K=V,...", description = "Labels of the Job and its pods.")
  String labels;

  @Option(names = "--requests", paramLabel = "R=Q,...", description = "Worker resource requests, e.g. cpu=100m,memory=64Mi.")
  String requests;

  @Option(names = "--limits", paramLabel = "R=Q,...", description = "Worker resource limits, e.g. cpu=1,memory=128Mi.")
  String limits;

  @Option(names = "--service-account", paramLabel = "NAME", description = "The pods' service account.")
  String serviceAccount;

  @Option(names = "--ttl-seconds-after-finished", paramLabel = "N",
      description = "Delete the Job this long after it finishes.")
  Integer ttlSecondsAfterFinished;

  @Option(names = "--active-deadline-seconds", paramLabel = "N", description = "Fail the Job after this long.")
  Long activeDeadlineSeconds;

  @Option(names = "--suspend", description = "Create the Job suspended: no pod starts until 'resume'.")
  boolean suspend;

  @Option(names = "--queue", paramLabel = "LOCALQUEUE",
      description = "Queue the Job in this Kueue LocalQueue (label kueue.x-k8s.io/queue-name); it is created"
          + " suspended, and Kueue starts it when the queue admits it.")
  String queue;

  @Option(names = "--priority-class", paramLabel = "NAME",
      description = "Kueue priority class of a --queue Job (label kueue.x-k8s.io/priority-class).")
  String priorityClass;

  /** How the Job waits before it runs: --suspend, --queue, --priority-class (checked: exit 2). */
  public Queueing queueing() {
    return new Queueing(suspend, queue, priorityClass);
  }

  /**
   * Resolves the flags into a request: reads the items, applies the tutorial's values when --image is not given.
   * Does not validate the result beyond what parsing needs ({@code Manifests.build} does).
   *
   * @param explicitNamespace the namespace given with -n, or null (written into metadata only when given)
   */
  public IndexedJobRequest toRequest(Context ctx, String explicitNamespace) {
    String name = null;
    int after = Math.min(positional.size(), Math.max(0, dashDashArgs()));
    int before = positional.size() - after;
    List<String> command = new ArrayList<>(positional.subList(before, positional.size()));
    if (before > 1) {
      throw PluginException.usage("COMMAND: " + positional.get(1) + ": put the command after '--' (create NAME"
          + " [flags] -- COMMAND [ARG...])");
    }
    if (before == 1) {
      name = positional.get(0);
    }

    int itemFlags = (items != null ? 1 : 0) + (!item.isEmpty() ? 1 : 0) + (itemsFile != null ? 1 : 0);
    if (itemFlags > 1) {
      List<String> given = new ArrayList<>();
      if (items != null) {
        given.add("--items");
      }
      if (!item.isEmpty()) {
        given.add("--item");
      }
      if (itemsFile != null) {
        given.add("--items-file");
      }
      throw PluginException.usage(given.get(0) + ": cannot be combined with " + given.get(1)
          + " (give the items one way)");
    }
    List<String> itemList = null;
    String itemsFlag = null;
    if (items != null) {
      itemList = FlagValues.splitItems(items);
      itemsFlag = "--items";
    } else if (!item.isEmpty()) {
      itemList = new ArrayList<>(item);
      itemsFlag = "--item";
    } else if (itemsFile != null) {
      itemList = ItemsReader.read(itemsFile, ctx.in());
      itemsFlag = "--items-file";
    }

    IndexedJobRequest.Builder b = IndexedJobRequest.builder()
        .namespace(explicitNamespace)
        .initImage(initImage)
        .itemsMode(itemsMode)
        .itemsModeGiven(itemsMode != null)
        .inputPath(inputPath)
        .completions(completions)
        .parallelism(parallelism)
        .backoffLimit(backoffLimit)
        .backoffLimitPerIndex(backoffLimitPerIndex)
        .maxFailedIndexes(maxFailedIndexes)
        .failIndexOnExitCodes(FlagValues.exitCodes(failIndexOnExitCodes))
        .successIndexes(FlagValues.indexSet("--success-indexes", successIndexes))
        .successCount(successCount)
        .restartPolicy(restartPolicy)
        .env(FlagValues.env(env))
        .labels(FlagValues.labels(labels))
        .requests(FlagValues.resources("--requests", requests))
        .limits(FlagValues.resources("--limits", limits))
        .serviceAccount(serviceAccount)
        .ttlSecondsAfterFinished(ttlSecondsAfterFinished)
        .activeDeadlineSeconds(activeDeadlineSeconds);

    if (image == null) {
      Style s = style != null ? style : Style.init;
      String path = inputPath != null ? inputPath : Tutorial.INPUT_PATH;
      if (itemList == null && s != Style.downward) {
        itemList = Tutorial.ITEMS;
      }
      Integer c = completions;
      if (c == null && itemList == null) {
        c = Tutorial.COMPLETIONS;
      }
      b.tutorial(true)
          .name(name != null ? name : Tutorial.NAME)
          .style(s)
          .image(Tutorial.IMAGE)
          .command(command.isEmpty() ? Tutorial.command(s, path) : command)
          .items(itemList)
          .itemsFlag(itemsFlag)
          .completions(c)
          .parallelism(parallelism != null ? parallelism : Tutorial.PARALLELISM);
    } else {
      b.tutorial(false)
          .name(name)
          .style(style) // null: the request's default (init with items, env without)
          .image(image)
          .command(command)
          .items(itemList)
          .itemsFlag(itemsFlag);
    }
    return b.build();
  }

  /**
   * An attached value ({@code --item=-n}) is taken verbatim, even when it looks like an option; picocli would
   * otherwise refuse it. A separate value ({@code --item -n}) is left to picocli, as kubectl does.
   */
  static final class Verbatim implements IParameterPreprocessor {
    @Override
    @SuppressWarnings("unchecked")
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
      if (!"=".equals(info.get("separator")) || args.isEmpty()) {
        return false;
      }
      String value = args.pop();
      if (argSpec.isMultiValue()) {
        List<String> list = argSpec.getValue();
        if (list == null) {
          list = new ArrayList<>();
          argSpec.setValue(list);
        }
        list.add(value);
      } else {
        argSpec.setValue(value);
      }
      return true;
    }
  }

  /** The args after the first standalone '--' of the command line, or -1 when there is none. */
  private int dashDashArgs() {
    if (mixee == null || mixee.commandLine() == null || mixee.commandLine().getParseResult() == null) {
      return -1;
    }
    List<String> args = mixee.commandLine().getParseResult().originalArgs();
    int at = args.indexOf("--");
    return at < 0 ? -1 : args.size() - at - 1;
  }
}
