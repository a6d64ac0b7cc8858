package io.github.kubectlindexed.cli;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The training run's client workload really runs the commands (a silent failure would leave them untrained). */
class TrainingClusterTest {
  @Test
  void everyClientCommandOfTheTrainingRunSucceeds() throws Exception {
    List<Integer> codes = TrainCommand.runClientWorkload();
    assertEquals(Collections.nCopies(TrainCommand.CLIENT_WORKLOAD.size(), 0), codes,
        "exit codes of " + TrainCommand.CLIENT_WORKLOAD);
  }
}
