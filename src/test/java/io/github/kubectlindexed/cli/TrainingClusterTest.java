package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.startup.Training;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The training run's client workload really runs the commands (a silent failure would leave them untrained). */
class TrainingClusterTest {
  @Test
  void everyClientCommandOfTheTrainingRunSucceeds() throws Exception {
    List<Integer> codes = Training.runClientWorkload(TrainCommand::runDiscarded);
    assertEquals(Collections.nCopies(Training.CLIENT_WORKLOAD.size(), 0), codes,
        "exit codes of " + Training.CLIENT_WORKLOAD);
  }
}
