package io.github.kubectlindexed.e2e;

import io.github.kubectlindexed.output.LogFileNames;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.github.kubectlindexed.e2e.Testbed.plugin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code logs --output-dir} on the real Job controller (issue 13, "Saving output"): the files equal {@code logs
 * --index i}; an interrupted {@code logs -f --output-dir}, started again, finishes without rewriting complete files.
 */
class OutputDirE2E {
  private static final int INDEXES = 20;
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
  private static final Pattern RESULT = Pattern.compile("\\d+\\.log");

  private static Map<String, String> results(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (RESULT.matcher(p.getFileName().toString()).matches()) {
          m.put(p.getFileName().toString(), Files.readString(p));
        }
      }
    }
    return m;
  }

  private static void assertEqualToLogsIndex(String ns, String job, Map<String, String> files) {
    for (Map.Entry<String, String> f : files.entrySet()) {
      String index = f.getKey().substring(0, f.getKey().indexOf('.'));
      Proc.Result printed = plugin(ns, "logs", job, "--index", index);
      assertEquals(0, printed.exit(), printed::toString);
      assertTrue(printed.out().contains("index=" + index + " "), printed::toString);
      assertEquals(printed.out(), f.getValue(), "index " + index);
    }
  }

  @Test
  void anInterruptedFollowResumesWithoutRewritingAndEveryFileIsWhatLogsIndexPrints() throws Exception {
    String ns = Testbed.namespace("odir");
    Path dir = Files.createTempDirectory("odir-follow");
    Proc.Result create = plugin(ns, "create", "od", "--image=docker.io/library/busybox",
        "--completions=" + INDEXES, "--parallelism=2", "--", "true");
    assertEquals(0, create.exit(), create::toString);

    Proc.Background follow = Testbed.start(ns, "logs", "od", "-f", "--output-dir", dir.toString());
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> results(dir).size() >= 3);
    Proc.Result kill = Testbed.exec(List.of("kill", "-INT", Long.toString(follow.process().pid())), Map.of(), null,
        Duration.ofSeconds(10));
    assertEquals(0, kill.exit(), kill::toString);
    Proc.Result interrupted = follow.await(Duration.ofSeconds(30));
    assertEquals(130, interrupted.exit(), interrupted::toString);
    Matcher said = Pattern.compile("interrupted: (\\d+) files? complete in ").matcher(interrupted.err());
    assertTrue(said.find(), interrupted::toString);
    Map<String, String> before = results(dir);
    assertTrue(before.size() < INDEXES, "interrupted before the end: " + before.keySet());
    assertEqualToLogsIndex(ns, "od", before); // what an interrupt leaves under a result's name is complete
    for (String f : before.keySet()) {
      Files.setLastModifiedTime(dir.resolve(f), LONG_AGO);
    }

    Proc.Result again = plugin(ns, "logs", "od", "-f", "--output-dir", dir.toString());
    assertEquals(0, again.exit(), again::toString);
    assertTrue(again.err().matches("saved in " + Pattern.quote(dir.toString()) + ": " + (INDEXES - before.size())
        + " files? written, " + before.size() + " skipped \\(already complete\\)"
        + "(, \\d+ partial files? of an earlier run removed)?\n"), again::toString);
    Map<String, String> after = results(dir);
    assertEquals(INDEXES, after.size(), after.keySet()::toString);
    for (String f : before.keySet()) {
      assertEquals(LONG_AGO, Files.getLastModifiedTime(dir.resolve(f)), f + " was rewritten");
      assertEquals(before.get(f), after.get(f));
    }
    try (Stream<Path> s = Files.list(dir)) { // the results and the journal of saved files
      assertEquals(INDEXES, s.filter(p -> !p.getFileName().toString().equals(LogFileNames.JOURNAL)).count(),
          "no partial file is left");
    }
    assertEqualToLogsIndex(ns, "od", after);

    // once, on the finished Job, into a fresh directory: the same files
    Path once = Files.createTempDirectory("odir-once");
    Proc.Result saved = plugin(ns, "logs", "od", "--output-dir", once.toString());
    assertEquals(new Proc.Result(0, "", "saved in " + once + ": " + INDEXES + " files written, 0 skipped"
        + " (already complete)\n", saved.millis()), saved);
    assertEquals(after, results(once));
  }
}
