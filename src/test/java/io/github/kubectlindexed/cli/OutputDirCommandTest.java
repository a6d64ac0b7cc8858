package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.app.LogFiles;
import io.github.kubectlindexed.cluster.SimJob;
import io.github.kubectlindexed.output.LogFileNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code logs --output-dir} and {@code run --output-dir} (README "Saving output"), against the mock cluster. */
class OutputDirCommandTest extends MockClusterCommandTest {
  static final String[] WORDS = {"foo", "bar", "baz", "qux", "xyz"};
  static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  @TempDir
  Path tmp;

  /** The tutorial's Job: index i reverses WORDS[i]; index 2 failed once before it succeeded. */
  private SimJob tutorial() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("indexed-job", 5, 3, null));
    for (int i = 0; i < 5; i++) {
      if (i == 2) {
        String failed = sim.start(2);
        cluster.log(failed, "worker", "rev: cannot open /input/data.txt\n");
        cluster.log(failed, "input", "");
        sim.fail(2, 1);
      }
      String pod = sim.start(i);
      cluster.log(pod, "worker", new StringBuilder(WORDS[i]).reverse() + "\nline two of " + i + "\n");
      cluster.log(pod, "input", "wrote " + WORDS[i] + "\n");
      sim.succeed(i);
    }
    sim.complete();
    return sim;
  }

  /** The directory's files and their text, by name; the journal of saved files is read by {@link #journal}. */
  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (!p.getFileName().toString().equals(LogFileNames.JOURNAL)) {
          m.put(p.getFileName().toString(), Files.readString(p));
        }
      }
    }
    return m;
  }

  /** The journal's lines: {@code <file> <pod>}, one per file saved. */
  private static List<String> journal(Path dir) throws IOException {
    return Files.readAllLines(dir.resolve(LogFileNames.JOURNAL));
  }

  /** Each file's modification time and identity (inode), by name: a rewritten file changes both. */
  private static Map<String, List<Object>> stamps(Path dir) throws IOException {
    Map<String, List<Object>> m = new TreeMap<>();
    for (String f : files(dir).keySet()) {
      BasicFileAttributes a = Files.readAttributes(dir.resolve(f), BasicFileAttributes.class);
      m.put(f, List.of(a.lastModifiedTime(), String.valueOf(a.fileKey())));
    }
    return m;
  }

  /**
   * A Job of 4 indexes without retries within it whose index 1 failed (so the Job failed): its logs are saved in
   * {@code out}, every file's time set long ago; then a retry of index 1 is made, its pod started and logged.
   *
   * @return the retry's pod
   */
  private String savedThenRetried(Path out, boolean retryLogReadable) throws IOException {
    SimJob demo = SimJob.create(client, "test", SimJob.indexedJob("demo", 4, 4, 0));
    for (int i = 0; i < 4; i++) {
      cluster.log(demo.start(i), "worker", (i == 1 ? "failed " : "demo ") + i + "\n");
      if (i == 1) {
        demo.fail(i, 3);
      } else {
        demo.succeed(i);
      }
    }
    demo.condition("Failed", "FailedIndexes", "Job has failed indexes");
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 4 files written, 0 skipped (already complete)\n"),
        cli.run("logs", "demo", "--output-dir", out.toString()));
    assertEquals(List.of("0.log " + demo.attempts(0).get(0), "1.log " + demo.attempts(1).get(0),
        "2.log " + demo.attempts(2).get(0), "3.log " + demo.attempts(3).get(0)),
        journal(out).stream().sorted().toList(), "each file's record names its pod");
    for (String f : files(out).keySet()) {
      Files.setLastModifiedTime(out.resolve(f), LONG_AGO);
    }
    assertEquals(0, cli.run("retry", "demo").exit());
    SimJob retry = SimJob.attach(client, "test", "demo-retry-1"); // its index 0 is index 1
    String pod = retry.start(0);
    if (retryLogReadable) {
      cluster.log(pod, "worker", "retry of 1\n");
    }
    retry.run(0);
    retry.succeed(0);
    retry.complete();
    return pod;
  }

  private static final String DEMO_CHAIN = "following the retry chain of job/demo: demo, demo-retry-1 (--no-chain: one"
      + " Job)\n";

  @Test
  void aRetrysLogReplacesTheFailedAttemptsFileAndNoOtherFileIsRewritten() throws IOException {
    Path out = tmp.resolve("out");
    String retryPod = savedThenRetried(out, true);
    Map<String, String> before = files(out);
    Map<String, List<Object>> stamped = stamps(out);
    int logRequests = cluster.requests("GET", "/log").size();

    CliRunner.Result again = cli.run("logs", "demo", "--output-dir", out.toString());
    assertEquals(new CliRunner.Result(0, "", DEMO_CHAIN + "saved in " + out + ": 0 files written, 3 skipped (already"
        + " complete), 1 replaced (a newer attempt speaks for index 1)\n"), again);
    assertEquals(1, cluster.requests("GET", "/log").size() - logRequests, "only index 1's log is read");
    Map<String, String> after = files(out);
    assertEquals("failed 1\n", before.get("1.log"));
    assertEquals("retry of 1\n", after.get("1.log"));
    Map<String, List<Object>> restamped = stamps(out);
    for (String f : List.of("0.log", "2.log", "3.log")) {
      assertEquals(before.get(f), after.get(f), f);
      assertEquals(stamped.get(f), restamped.get(f), f + " was rewritten");
    }
    assertFalse(stamped.get("1.log").equals(restamped.get("1.log")));
    assertEquals("1.log " + retryPod, journal(out).get(journal(out).size() - 1));
    assertEachFileIsWhatLogsIndexPrints("demo", out, 4);

    // nothing changed since: every file is skipped, none replaced or read again
    logRequests = cluster.requests("GET", "/log").size();
    Map<String, List<Object>> third = stamps(out);
    assertEquals(new CliRunner.Result(0, "", DEMO_CHAIN + "saved in " + out + ": 0 files written, 4 skipped (already"
        + " complete)\n"), cli.run("logs", "demo", "--output-dir", out.toString()));
    assertEquals(0, cluster.requests("GET", "/log").size() - logRequests);
    assertEquals(third, stamps(out));
    assertEquals(after, files(out));
  }

  @Test
  void aDirectorySavedWithoutTheJournalKeepsItsFilesAfterARetry() throws IOException {
    Path out = tmp.resolve("out");
    savedThenRetried(out, true);
    Files.delete(out.resolve(LogFileNames.JOURNAL)); // as an older version left it
    Map<String, String> before = files(out);
    Map<String, List<Object>> stamped = stamps(out);
    assertEquals(new CliRunner.Result(0, "", DEMO_CHAIN + "saved in " + out + ": 0 files written, 4 skipped (already"
        + " complete)\n"), cli.run("logs", "demo", "--output-dir", out.toString()));
    assertEquals(before, files(out));
    assertEquals("failed 1\n", files(out).get("1.log"));
    assertEquals(stamped, stamps(out));
  }

  @Test
  void aSupersededFileWhoseNewLogCannotBeReadIsKeptAndItsNewPodIsNotDeleted() throws IOException {
    Path out = tmp.resolve("out");
    String retryPod = savedThenRetried(out, false); // the server refuses the retry's log
    CliRunner.Result r = cli.run("logs", "demo", "--output-dir", out.toString(), "--delete-finished-pods");
    assertEquals(4, r.exit(), r.toString());
    assertTrue(r.err().endsWith("saved in " + out + ": 0 files written, 3 skipped (already complete)\n"
        + "deleted 3 finished pods whose logs are saved\nerror: could not read the log of index 1\n"), r.err());
    assertEquals("failed 1\n", files(out).get("1.log"), "the file keeps its log, whole");
    List<String> left = client.pods().inNamespace("test").list().getItems().stream()
        .map(p -> p.getMetadata().getName()).sorted().toList();
    assertTrue(left.contains(retryPod), "the retry's pod stays: its log is not on disk " + left);
  }

  @Test
  void theJournalIsNeitherAResultNorAPartialAndARecordWithoutItsFileIsWrittenAgain() throws IOException {
    tutorial();
    Path out = tmp.resolve("out");
    assertEquals(0, cli.run("logs", "indexed-job", "--output-dir", out.toString()).exit());
    List<String> records = journal(out);
    assertEquals(5, records.size(), records.toString());
    // a crash after 2.log's record and before its rename; then one cut while appending a record of 0.log
    Files.delete(out.resolve("2.log"));
    Files.writeString(out.resolve(LogFileNames.JOURNAL), "0.log indexed-j", StandardOpenOption.APPEND);
    for (String f : files(out).keySet()) {
      Files.setLastModifiedTime(out.resolve(f), LONG_AGO);
    }
    CliRunner.Result r = cli.run("logs", "indexed-job", "--output-dir", out.toString());
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 1 file written, 4 skipped (already complete)\n"),
        r, "the journal is not removed as a partial file, and the cut record is ignored");
    assertEquals("zab\nline two of 2\n", files(out).get("2.log"));
    for (String f : List.of("0.log", "1.log", "3.log", "4.log")) {
      assertEquals(LONG_AGO, Files.getLastModifiedTime(out.resolve(f)), f + " was rewritten");
    }
    List<String> now = journal(out);
    assertEquals("0.log indexed-j", now.get(5));
    assertTrue(now.get(6).startsWith("2.log indexed-job-2-"), "the next record starts on its own line: " + now);
    assertEquals(7, now.size());
    // it is not a saved log: run's check takes a directory that holds only the journal
    for (String f : files(out).keySet()) {
      Files.delete(out.resolve(f));
    }
    assertFalse(LogFiles.holdsResults(out));
  }

  private void assertEachFileIsWhatLogsIndexPrints(String job, Path dir, int indexes) throws IOException {
    for (int i = 0; i < indexes; i++) {
      CliRunner.Result printed = cli.run("logs", job, "--index", Integer.toString(i));
      assertEquals(0, printed.exit(), printed.toString());
      assertEquals(printed.out(), Files.readString(dir.resolve(i + ".log")), "index " + i);
    }
  }

  @Test
  void oneFilePerIndexEqualToWhatLogsIndexPrints() throws IOException {
    tutorial();
    Path out = tmp.resolve("out"); // created when absent
    CliRunner.Result r = cli.run("logs", "indexed-job", "--output-dir", out.toString());
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 5 files written, 0 skipped (already complete)\n"),
        r);
    assertEquals(List.of("0.log", "1.log", "2.log", "3.log", "4.log"), List.copyOf(files(out).keySet()));
    assertEquals("zab\nline two of 2\n", files(out).get("2.log")); // the succeeded attempt, not the failed one
    assertEachFileIsWhatLogsIndexPrints("indexed-job", out, 5);
  }

  @Test
  void aSecondRunSkipsCompleteFilesWithoutRewritingThemAndRemovesPartialOnes() throws IOException {
    tutorial();
    Path out = tmp.resolve("out");
    assertEquals(0, cli.run("logs", "indexed-job", "--output-dir", out.toString()).exit());
    Map<String, String> first = files(out);
    for (String f : first.keySet()) {
      Files.setLastModifiedTime(out.resolve(f), LONG_AGO);
    }
    // an interrupted run: index 3's file never completed, and partial files stayed; a file of the user's is there too
    Files.delete(out.resolve("3.log"));
    Files.writeString(out.resolve(".3.attempt-1.log.partial"), "xu");
    Files.writeString(out.resolve(".4.attempt-1.log.partial"), "zy");
    Files.writeString(out.resolve("notes.txt"), "mine");
    int logRequests = cluster.requests("GET", "/log").size();

    CliRunner.Result again = cli.run("logs", "indexed-job", "--output-dir", out.toString());
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 1 file written, 4 skipped (already complete), "
        + "2 partial files of an earlier run removed\n"), again);
    assertEquals(1, cluster.requests("GET", "/log").size() - logRequests, "only index 3's log is read again");
    Map<String, String> second = files(out);
    assertEquals(List.of("0.log", "1.log", "2.log", "3.log", "4.log", "notes.txt"), List.copyOf(second.keySet()));
    for (String f : List.of("0.log", "1.log", "2.log", "4.log")) {
      assertEquals(LONG_AGO, Files.getLastModifiedTime(out.resolve(f)), f + " was rewritten");
      assertEquals(first.get(f), second.get(f));
    }
    assertFalse(LONG_AGO.equals(Files.getLastModifiedTime(out.resolve("3.log"))));
    assertEachFileIsWhatLogsIndexPrints("indexed-job", out, 5);
  }

  @Test
  void everyAttemptAndEveryContainerHasItsOwnFile() throws IOException {
    tutorial();
    Path attempts = tmp.resolve("attempts");
    CliRunner.Result r = cli.run("logs", "indexed-job", "--attempts", "all", "--output-dir", attempts.toString());
    assertEquals(new CliRunner.Result(0, "", "saved in " + attempts + ": 6 files written, 0 skipped (already complete)\n"),
        r);
    Map<String, String> saved = files(attempts);
    assertEquals(List.of("0.attempt-1.log", "1.attempt-1.log", "2.attempt-1.log", "2.attempt-2.log",
        "3.attempt-1.log", "4.attempt-1.log"), List.copyOf(saved.keySet()));
    assertEquals("rev: cannot open /input/data.txt\n", saved.get("2.attempt-1.log"));
    assertEquals("zab\nline two of 2\n", saved.get("2.attempt-2.log"));

    Path containers = tmp.resolve("containers");
    CliRunner.Result c = cli.run("logs", "indexed-job", "--index", "0,3", "--all-containers", "--output-dir",
        containers.toString());
    assertEquals(0, c.exit(), c.toString());
    assertEquals(Map.of("0.input.log", "wrote foo\n", "0.worker.log", "oof\nline two of 0\n",
        "3.input.log", "wrote qux\n", "3.worker.log", "xuq\nline two of 3\n"), files(containers));

    CliRunner.Result input = cli.run("logs", "indexed-job", "--index", "1", "-c", "input", "--output-dir",
        containers.toString());
    assertEquals(0, input.exit(), input.toString());
    assertEquals("wrote bar\n", files(containers).get("1.input.log"));
  }

  @Test
  void unfinishedIndexesAreNotSavedAndIndexesWithoutAPodAreExit4() throws IOException {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("part", 4, 2, null));
    String p0 = sim.start(0);
    cluster.log(p0, "worker", "done\n");
    sim.run(0);
    sim.succeed(0);
    String p1 = sim.start(1);
    cluster.log(p1, "worker", "still going\n");
    sim.run(1);
    Path out = tmp.resolve("out");
    CliRunner.Result r = cli.run("logs", "part", "--output-dir", out.toString());
    assertEquals(new CliRunner.Result(4, "", "saved in " + out + ": 1 file written, 0 skipped (already complete); "
        + "not finished, not saved: index 1; no pod: indexes 2,3\nerror: no pod yet for indexes 2,3\n"), r);
    assertEquals(Map.of("0.log", "done\n"), files(out));
  }

  @Test
  void aFailedIndexIsSavedOnlyOnceItHasFailedForGood() throws IOException {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("pi", 2, 2, 1)); // one retry per index
    String first = sim.start(0);
    cluster.log(first, "worker", "try 1\n");
    sim.run(0);
    sim.fail(0, 3);
    String p1 = sim.start(1);
    cluster.log(p1, "worker", "ok\n");
    sim.run(1);
    sim.succeed(1);
    Path out = tmp.resolve("out");
    CliRunner.Result r = cli.run("logs", "pi", "--output-dir", out.toString());
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 1 file written, 0 skipped (already complete); "
        + "not finished, not saved: index 0\n"), r);
    String second = sim.start(0);
    cluster.log(second, "worker", "try 2\n");
    sim.run(0);
    sim.fail(0, 3); // over the per-index limit: index 0 failed for good, while the Job has not finished
    CliRunner.Result again = cli.run("logs", "pi", "--output-dir", out.toString());
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 1 file written, 1 skipped (already complete)\n"),
        again);
    assertEquals(Map.of("0.log", "try 2\n", "1.log", "ok\n"), files(out));
  }

  @Test
  void aJobWithRetriesIsSavedAcrossItsChainEachIndexOnceItsNewestJobHasSettledIt() throws IOException {
    SimJob demo = SimJob.create(client, "test", SimJob.indexedJob("demo", 4, 2, 0)); // no retry within the Job
    for (int i = 0; i < 4; i++) {
      cluster.log(demo.start(i), "worker", "demo " + i + "\n");
      if (i % 2 == 0) {
        demo.succeed(i);
      } else {
        demo.fail(i, 3);
      }
    }
    demo.condition("Failed", "FailedIndexes", "Job has failed indexes");
    assertEquals(0, cli.run("retry", "demo").exit());
    SimJob retry = SimJob.attach(client, "test", "demo-retry-1"); // new index 0 is index 1, new 1 is 3
    cluster.log(retry.start(0), "worker", "retry of 1\n");
    retry.run(0);
    String note = "following the retry chain of job/demo: demo, demo-retry-1 (--no-chain: one Job)\n";
    Path out = tmp.resolve("out");
    // 1 runs again; 3's failure in demo is not final while the retry may still run it
    assertEquals(new CliRunner.Result(0, "", note + "saved in " + out + ": 2 files written, 0 skipped (already"
        + " complete); not finished, not saved: indexes 1,3\n"), cli.run("logs", "demo", "--output-dir", out.toString()));
    retry.succeed(0);
    cluster.log(retry.start(1), "worker", "retry of 3\n");
    retry.fail(1, 3);
    retry.condition("Failed", "FailedIndexes", "Job has failed indexes");
    assertEquals(new CliRunner.Result(0, "", note + "saved in " + out + ": 2 files written, 2 skipped (already"
        + " complete)\n"), cli.run("logs", "demo", "--output-dir", out.toString()));
    assertEquals(Map.of("0.log", "demo 0\n", "1.log", "retry of 1\n", "2.log", "demo 2\n", "3.log", "retry of 3\n"),
        files(out));
    assertEachFileIsWhatLogsIndexPrints("demo", out, 4);
  }

  @Test
  void deleteFinishedPodsDeletesOnlyThePodsWhoseLogsAreSaved() throws IOException {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("del", 3, 3, null));
    for (int i = 0; i < 3; i++) {
      String pod = sim.start(i);
      cluster.log(pod, "worker", "log " + i + "\n");
      sim.run(i);
      if (i != 1) {
        sim.succeed(i);
      }
    }
    Path out = tmp.resolve("out");
    CliRunner.Result r = cli.run("logs", "del", "--output-dir", out.toString(), "--delete-finished-pods");
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 2 files written, 0 skipped (already complete); "
        + "not finished, not saved: index 1\ndeleted 2 finished pods whose logs are saved\n"), r);
    assertEquals(Map.of("0.log", "log 0\n", "2.log", "log 2\n"), files(out));
    List<String> left = client.pods().inNamespace("test").list().getItems().stream()
        .map(p -> p.getMetadata().getName()).toList();
    assertEquals(sim.attempts(1), left, "the running index's pod stays");
  }

  @Test
  void followWritesEachIndexsFileWhenTheIndexFinishesWhileTheJobRuns() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("f", 3, 3, null));
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve(".2.attempt-1.log.partial"), "left by a crash");
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(
        () -> cli.run("logs", "f", "-f", "--output-dir", out.toString()));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("pods") >= 1 && cluster.watches("jobs") >= 1);
    String p0 = sim.start(0);
    cluster.log(p0, "worker", "zero\n");
    sim.run(0);
    String p1 = sim.start(1);
    cluster.log(p1, "worker", "one, first try\n");
    sim.run(1);
    sim.succeed(0);
    // index 0 has finished: its file appears while the Job still runs
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out.resolve("0.log")));
    assertEquals("zero\n", Files.readString(out.resolve("0.log")));
    assertFalse(Files.exists(out.resolve(".2.attempt-1.log.partial")), "an earlier run's partial file is removed");
    sim.fail(1, 1); // it may be retried: not saved
    String p1b = sim.start(1);
    cluster.log(p1b, "worker", "one\n");
    sim.run(1);
    String p2 = sim.start(2);
    cluster.log(p2, "worker", "two\n");
    sim.run(2);
    sim.succeed(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out.resolve("1.log")));
    assertFalse(f.isDone(), "the follow goes on while index 2 runs");
    sim.succeed(2);
    sim.complete();
    CliRunner.Result r = f.get(30, TimeUnit.SECONDS);
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 3 files written, 0 skipped (already complete), "
        + "1 partial file of an earlier run removed\n"), r);
    assertEquals(Map.of("0.log", "zero\n", "1.log", "one\n", "2.log", "two\n"), files(out));
    assertEachFileIsWhatLogsIndexPrints("f", out, 3);

    // again, on the finished Job: nothing is followed or rewritten
    for (String name : files(out).keySet()) {
      Files.setLastModifiedTime(out.resolve(name), LONG_AGO);
    }
    CliRunner.Result again = cli.run("logs", "f", "-f", "--output-dir", out.toString());
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 0 files written, 3 skipped (already complete)\n"),
        again);
    for (String name : files(out).keySet()) {
      assertEquals(LONG_AGO, Files.getLastModifiedTime(out.resolve(name)), name);
    }
  }

  @Test
  void followWithEveryAttemptSavesEachAttemptAsItEnds() throws Exception {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("fa", 1, 1, null));
    Path out = tmp.resolve("out");
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(
        () -> cli.run("logs", "fa", "-f", "--attempts", "all", "--output-dir", out.toString()));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.watches("pods") >= 1 && cluster.watches("jobs") >= 1);
    String a1 = sim.start(0);
    cluster.log(a1, "worker", "first\n");
    sim.run(0);
    sim.fail(0, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out.resolve("0.attempt-1.log")));
    String a2 = sim.start(0);
    cluster.log(a2, "worker", "second\n");
    sim.run(0);
    sim.succeed(0);
    sim.complete();
    CliRunner.Result r = f.get(30, TimeUnit.SECONDS);
    assertEquals(new CliRunner.Result(0, "", "saved in " + out + ": 2 files written, 0 skipped (already complete)\n"),
        r);
    assertEquals(Map.of("0.attempt-1.log", "first\n", "0.attempt-2.log", "second\n"), files(out));
  }

  @Test
  void anUnreadableLogIsExit4NamingItsIndex() throws IOException {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("u", 2, 2, null));
    for (int i = 0; i < 2; i++) {
      String pod = sim.start(i);
      if (i == 0) {
        cluster.log(pod, "worker", "fine\n");
      } // index 1's log is refused by the server
      sim.run(i);
      sim.succeed(i);
    }
    sim.complete();
    Path out = tmp.resolve("out");
    CliRunner.Result r = cli.run("logs", "u", "--output-dir", out.toString());
    assertEquals(4, r.exit(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("index 1: pod u-1-00002, container worker: "), r.err());
    assertTrue(r.err().endsWith("\nsaved in " + out + ": 1 file written, 0 skipped (already complete)\n"
        + "error: could not read the log of index 1\n"), r.err());
    assertEquals(Map.of("0.log", "fine\n"), files(out));
  }

  @Test
  void runSavesEveryIndexsFile() throws Exception {
    Path out = tmp.resolve("out");
    CompletableFuture<CliRunner.Result> f = CompletableFuture.supplyAsync(() -> cli.run("run", "r",
        "--image=docker.io/library/busybox", "--completions=2", "--quiet", "--output-dir", out.toString()));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> client.batch().v1().jobs().inNamespace("test").withName("r").get() != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.watches("jobs") >= 2 && cluster.watches("pods") >= 1);
    SimJob sim = SimJob.attach(client, "test", "r");
    for (int i = 0; i < 2; i++) {
      String pod = sim.start(i);
      cluster.log(pod, "worker", "index " + i + "\n");
      sim.run(i);
      sim.succeed(i);
    }
    sim.complete();
    CliRunner.Result r = f.get(60, TimeUnit.SECONDS);
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().endsWith("saved in " + out + ": 2 files written, 0 skipped (already complete)\n"
        + "job.batch/r condition met\n"), r.err());
    assertEquals(Map.of("0.log", "index 0\n", "1.log", "index 1\n"), files(out));
  }

  @Test
  void badInputIsExit2BeforeAnythingIsSent() throws IOException {
    CliRunner offline = CliRunner.offline();
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertEquals(new CliRunner.Result(2, "", "error: --output-dir: \"" + file + "\": not a directory\n"),
        offline.run("logs", "j", "--output-dir", file.toString()));
    assertEquals(new CliRunner.Result(2, "", "error: --output-dir: \"" + file + "/sub\": cannot be created: "
        + "Not a directory\n"), offline.run("logs", "j", "--output-dir", file + "/sub"));
    assertEquals(new CliRunner.Result(2, "", "error: --delete-finished-pods: goes with --output-dir DIR (the pods are"
        + " deleted once their logs are saved there)\n"), offline.run("logs", "j", "--delete-finished-pods"));
    Path used = tmp.resolve("used");
    Files.createDirectories(used);
    Files.writeString(used.resolve("0.log"), "an older Job's\n");
    assertEquals(new CliRunner.Result(2, "", "error: --output-dir: \"" + used + "\" holds saved logs already (0.log);"
        + " give an empty directory (to resume saving a Job's logs: kubectl indexed logs -f NAME --output-dir " + used
        + ")\n"), offline.run("run", "x", "--image=busybox", "--completions=2", "--output-dir",
        used.toString()));
    assertEquals(0, offline.connects.get());
  }
}
