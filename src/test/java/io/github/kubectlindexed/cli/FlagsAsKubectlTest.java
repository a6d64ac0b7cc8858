package io.github.kubectlindexed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flags as kubectl users type them (issue 12, section 3): whole commands, exact output and exit code. */
class FlagsAsKubectlTest extends MockClusterCommandTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"client", "server", "none"})
  void aDryRunModeAfterASpaceIsRefusedWithTheHint(String mode) {
    CliRunner offline = CliRunner.offline();
    for (String command : new String[] {"create", "run"}) {
      assertEquals(new CliRunner.Result(2, "", "error: --dry-run " + mode + ": write --dry-run=" + mode
          + " (a value after a space is not the mode; a bare --dry-run means client)\n"),
          offline.run(command, "--dry-run", mode, "--image=busybox", "--completions=2"));
    }
    assertEquals(0, offline.connects.get());
  }

  @Test
  void aBareDryRunBeforeAnotherFlagIsStillClient() {
    assertEquals(new CliRunner.Result(0, "job.batch/j\n", ""),
        CliRunner.offline().run("create", "j", "--dry-run", "-o", "name", "--image=busybox", "--completions=2"));
  }

  @Test
  void dryRunTrueIsClientWithKubectlsWarning() {
    assertEquals(new CliRunner.Result(0, "job.batch/j\n", "warning: --dry-run=true is deprecated (boolean value) and"
        + " can be replaced with --dry-run=client.\n"),
        CliRunner.offline().run("create", "j", "--dry-run=true", "-o", "name", "--image=busybox", "--completions=2"));
  }

  @Test
  void dryRunFalseCreatesWithKubectlsWarning() {
    CliRunner.Result r = cli.run("create", "j", "--dry-run=false", "--image=busybox", "--completions=2");
    assertEquals(new CliRunner.Result(0, "job.batch/j created\n", "warning: --dry-run=false is deprecated (boolean"
        + " value) and can be replaced with --dry-run=none.\n"), r);
    assertTrue(client.batch().v1().jobs().inNamespace("test").withName("j").get() != null);
  }

  @Test
  void aRepeatedFlagLastOneWins() {
    CliRunner.Result r = CliRunner.offline().run("create", "j", "--dry-run=client", "-o", "yaml", "-o", "json",
        "--image=busybox", "--completions=2", "--completions=3", "-n", "a", "-n", "b");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().startsWith("{"), r.out());
    assertTrue(r.out().replaceAll("\\s", "").contains("\"completions\":3"), r.out());
    assertTrue(r.out().replaceAll("\\s", "").contains("\"namespace\":\"b\""), r.out());
  }

  @Test
  void aMistypedCommandIsNamedWithASuggestion() {
    assertEquals(new CliRunner.Result(2, "", "error: unknown command \"wiat\" for \"kubectl indexed\"\n\n"
        + "Did you mean this?\n\twait\n\nRun 'kubectl indexed --help' for usage.\n"),
        CliRunner.offline().run("wiat", "my-job"));
    assertEquals(new CliRunner.Result(2, "", "error: unknown command \"frobnicate\" for \"kubectl indexed\"\n\n"
        + "Run 'kubectl indexed --help' for usage.\n"), CliRunner.offline().run("frobnicate"));
  }

  @Test
  void runPrintsWhatItWouldCreate() {
    assertEquals(new CliRunner.Result(0, "job.batch/r\n", ""),
        CliRunner.offline().run("run", "r", "--dry-run=client", "-o", "name", "--image=busybox", "--completions=2"));
    assertEquals(new CliRunner.Result(0, "job.batch/r created (dry run)\n", ""),
        CliRunner.offline().run("run", "r", "--dry-run", "--image=busybox", "--completions=2"));
    CliRunner.Result yaml = CliRunner.offline().run("run", "r", "--dry-run=client", "-o", "yaml", "--image=busybox",
        "--completions=2");
    assertEquals(CliRunner.offline().run("create", "r", "--dry-run=client", "-o", "yaml", "--image=busybox",
        "--completions=2"), yaml);
  }

  @Test
  void runServerDryRunKeepsNothing() {
    CliRunner.Result r = cli.run("run", "r", "--dry-run=server", "--image=busybox", "--completions=2");
    assertEquals(new CliRunner.Result(0, "job.batch/r created (server dry run)\n", ""), r);
    assertTrue(cluster.requests.stream().anyMatch(q -> q.method().equals("POST") && q.path().contains("dryRun=All")),
        cluster.requests::toString);
  }

  @Test
  void runOutputWithoutDryRunIsRefused() {
    CliRunner offline = CliRunner.offline();
    assertEquals(new CliRunner.Result(2, "", "error: --output: run prints the logs on stdout; -o goes with"
        + " --dry-run=client or --dry-run=server (what run would create)\n"),
        offline.run("run", "r", "-o", "yaml", "--image=busybox", "--completions=2"));
    assertEquals(0, offline.connects.get());
  }

  @Test
  void anItemsFileWithAByteOrderMarkLosesIt() throws IOException {
    Path f = dir.resolve("items.txt");
    byte[] text = "first\nsecond\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(f, withBom);
    CliRunner.Result r = CliRunner.offline().run("create", "b", "--dry-run=client", "-o", "yaml", "--image=busybox",
        "--items-file=" + f, "--items-mode=configmap");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("\"0\": first\n") || r.out().contains("'0': first\n")
        || r.out().contains("\"0\": \"first\"\n"), r.out());
    assertFalse(r.out().contains("\uFEFF"), r.out());
  }

  /** Completion offers exactly what each command accepts: read from the same enums and candidates picocli checks. */
  @Test
  void completionOffersWhatEachCommandAccepts() {
    CliRunner offline = CliRunner.offline();
    assertEquals("bash\nzsh\n:4\n", offline.run("__complete", "completion", "").out());
    assertEquals("table\nwide\nname\nyaml\njson\n:4\n", offline.run("__complete", "list", "-o", "").out());
    assertEquals("--attempts\n:4\n", offline.run("__complete", "logs", "--att").out());
    String status = offline.run("__complete", "status", "-o", "").out();
    assertTrue(status.contains("wide\n") && !status.contains("name\n"), status);
  }
}
