package io.github.kubectlindexed.manifest;

import java.util.List;

/**
 * The values of the Kubernetes tutorial "Indexed Job for Parallel Processing with Static Work Assignment", used for
 * every workload setting not given when {@code --image} is not given.
 */
public final class Tutorial {
  private Tutorial() {}

  public static final String NAME = "indexed-job";
  public static final int COMPLETIONS = 5;
  public static final int PARALLELISM = 3;
  public static final String IMAGE = "docker.io/library/busybox";
  public static final String INIT_IMAGE = "docker.io/library/bash";
  public static final String INPUT_PATH = "/input/data.txt";
  public static final List<String> ITEMS = List.of("foo", "bar", "baz", "qux", "xyz");

  /** The worker's command: {@code rev} on the input file, or on the item file for the env style. */
  public static List<String> command(Style style, String inputPath) {
    return style == Style.env
        ? List.of("rev", Manifests.ITEMS_DIR + "/$(" + Manifests.INDEX_ENV + ")")
        : List.of("rev", inputPath);
  }

  /** The stderr line saying the tutorial's values are in use, or null when they are not. */
  public static String note(IndexedJobRequest r) {
    if (!r.tutorial()) {
      return null;
    }
    String what = r.items() != null ? r.items().size() + (r.items().size() == 1 ? " item" : " items")
        : r.completions() + (r.completions() == 1 ? " completion" : " completions");
    return "using the tutorial's values (name " + r.name() + ", " + what + ", " + r.style() + " style); "
        + "pass --image to set your own";
  }
}
