package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.JobWaiter;
import io.github.kubectlindexed.output.ProgressLine;

/** Feeds the Job states a wait reads into the progress line. */
final class Progress implements JobWaiter.Listener {
  private final ProgressLine line;
  /** What was last said about suspension or admission ({@link JobState#admission()}). */
  private String admission;

  private Progress(ProgressLine line) {
    this.line = line;
  }

  static Progress of(ProgressLine line) {
    return new Progress(line);
  }

  @Override
  public void onUpdate(JobState s) {
    String now = s.admission();
    // un-suspended by Kueue, but the controller has not yet written startTime: wait to say it once, with the time
    boolean timeToCome = now != null && now.startsWith("admitted") && !now.contains(" at ");
    if (!timeToCome) {
      if (now != null && !now.equals(admission)) {
        line.note("job/" + s.name() + ": " + (now.equals("suspended")
            ? "suspended; waiting until it is resumed (kubectl indexed resume " + s.name() + ")" : now));
      } else if (now == null && admission != null && !s.finished()) {
        line.note("job/" + s.name() + ": resumed");
      }
      admission = now;
    }
    line.update(new ProgressLine.Snapshot(s.name(), s.completions(), s.succeeded(), s.failed(), s.active(),
        s.completedIndexes(), s.failedIndexes(), s.trueConditionNames()));
  }

  @Override
  public void onTick() {
    line.tick();
  }
}
