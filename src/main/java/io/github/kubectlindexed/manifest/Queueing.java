package io.github.kubectlindexed.manifest;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.github.kubectlindexed.PluginException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a new Job waits before it runs: created suspended ({@code --suspend}), or queued for Kueue ({@code --queue}:
 * the label {@code kueue.x-k8s.io/queue-name}, and suspended, so that Kueue admits it by un-suspending it; with
 * {@code --priority-class}, the label {@code kueue.x-k8s.io/priority-class}). Pure: it edits a built manifest.
 */
public record Queueing(boolean suspend, String queue, String priorityClass) {
  public static final Queueing NONE = new Queueing(false, null, null);

  /** A label value: at most 63 characters, alphanumeric at both ends, '-', '_' and '.' inside. */
  private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  /** Checks the flags (exit 2 naming the flag). */
  public Queueing {
    check("--queue", queue);
    check("--priority-class", priorityClass);
    if (priorityClass != null && queue == null) {
      throw PluginException.usage("--priority-class: only with --queue (it orders the Job in a Kueue queue)");
    }
  }

  private static void check(String flag, String value) {
    if (value != null && !LABEL_VALUE.matcher(value).matches()) {
      throw PluginException.usage(flag + ": \"" + value + "\": must be a valid label value (at most 63 letters,"
          + " digits, '-', '_' or '.', beginning and ending with a letter or digit)");
    }
  }

  /** True when the Job is to be created suspended. */
  public boolean suspended() {
    return suspend || queue != null;
  }

  /** Sets {@code spec.suspend} and the Kueue labels on the manifest's Job; returns the same manifest. */
  public Manifest applyTo(Manifest manifest) {
    if (!suspended()) {
      return manifest;
    }
    Job job = manifest.job();
    job.getSpec().setSuspend(true);
    if (queue != null) {
      Map<String, String> labels = new LinkedHashMap<>(job.getMetadata().getLabels() == null ? Map.of()
          : job.getMetadata().getLabels());
      labels.put(Keys.QUEUE_NAME_LABEL, queue);
      if (priorityClass != null) {
        labels.put(Keys.PRIORITY_CLASS_LABEL, priorityClass);
      }
      job.getMetadata().setLabels(labels);
    }
    return manifest;
  }

  /** The LocalQueue a built Job is labelled for, or null. */
  public static String queueOf(Job job) {
    return job.getMetadata() == null || job.getMetadata().getLabels() == null ? null
        : job.getMetadata().getLabels().get(Keys.QUEUE_NAME_LABEL);
  }
}
