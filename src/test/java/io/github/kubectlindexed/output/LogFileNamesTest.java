package io.github.kubectlindexed.output;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names of --output-dir's files: one scheme, read back one way, and partial files never taken for results. */
class LogFileNamesTest {
  @Test
  void oneFilePerIndexAttemptAndChosenContainer() {
    assertEquals("7.log", LogFileNames.of(7, 1, "worker", false, false));
    assertEquals("7.log", LogFileNames.of(7, 3, null, false, false)); // the attempt that speaks for the index
    assertEquals("0.attempt-1.log", LogFileNames.of(0, 1, "worker", true, false));
    assertEquals("7.attempt-2.log", LogFileNames.of(7, 2, null, true, false));
    assertEquals("7.input.log", LogFileNames.of(7, 1, "input", false, true));
    assertEquals("12.attempt-2.worker.log", LogFileNames.of(12, 2, "worker", true, true));
  }

  @Test
  void aPartialFileAlwaysNamesItsAttemptAndIsHidden() {
    assertEquals(".7.attempt-1.log.partial", LogFileNames.partial(7, 1, "worker", false));
    assertEquals(".7.attempt-2.input.log.partial", LogFileNames.partial(7, 2, "input", true));
  }

  @Test
  void resultsAndPartialsAreTold() {
    for (String result : List.of("7.log", "7.attempt-2.log", "7.input.log", "7.attempt-2.my-sidecar.log")) {
      assertTrue(LogFileNames.isResult(result), result);
      assertFalse(LogFileNames.isPartial(result), result);
      assertTrue(LogFileNames.isPartial("." + result + ".partial"), result);
      assertFalse(LogFileNames.isResult("." + result + ".partial"), result);
    }
    // the user's own files are neither, nor is the journal: a second run never removes or counts them
    for (String other : List.of(LogFileNames.JOURNAL, "notes.txt", ".bashrc", "7.log.bak", "x.log", ".7.log", "7.log.partial",
        ".partial", ".x.log.partial", "-1.log", "7.Worker.log")) {
      assertFalse(LogFileNames.isResult(other), other);
      assertFalse(LogFileNames.isPartial(other), other);
    }
  }

  @Test
  void everyLogHasItsOwnName() {
    Set<String> names = new HashSet<>();
    Set<String> partials = new HashSet<>();
    int n = 0;
    for (int i = 0; i < 12; i++) {
      for (int a = 1; a <= 12; a++) {
        for (String c : List.of("input", "worker", "a-1")) {
          names.add(LogFileNames.of(i, a, c, true, true));
          partials.add(LogFileNames.partial(i, a, c, true));
          n++;
        }
      }
    }
    assertEquals(n, names.size());
    assertEquals(n, partials.size());
  }

  @Test
  void whatCannotBeNamedIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> LogFileNames.of(-1, 1, null, false, false));
    assertThrows(IllegalArgumentException.class, () -> LogFileNames.of(1, 0, null, true, false));
    assertThrows(IllegalArgumentException.class, () -> LogFileNames.of(1, 1, null, false, true));
    assertThrows(IllegalArgumentException.class, () -> LogFileNames.of(1, 1, "../x", false, true));
    assertThrows(IllegalArgumentException.class, () -> LogFileNames.of(1, 1, "a.b", false, true));
  }
}
