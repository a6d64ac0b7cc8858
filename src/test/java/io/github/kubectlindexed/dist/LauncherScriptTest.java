package io.github.kubectlindexed.dist;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher (src/main/launcher/kubectl-indexed) against fake JDKs: each fake {@code bin/java} records its
 * arguments instead of starting a JVM, and creates the archive file a training run would. Checks the choice of Java
 * (JAVA_HOME, newest >= 17, a clear error), the startup archive (AOT cache on 25+, AppCDS below, keyed by the jar's
 * hash and the JDK) and the flags per command.
 */
class LauncherScriptTest {
  static final Path LAUNCHER = Path.of("src/main/launcher/kubectl-indexed").toAbsolutePath();

  @TempDir
  Path tmp;
  Path app;
  Path lib;
  Path cache;
  Path record;

  @BeforeEach
  void setUp() throws IOException {
    app = Files.createDirectories(tmp.resolve("app"));
    lib = Files.createDirectories(app.resolve("lib"));
    Files.copy(LAUNCHER, app.resolve("kubectl-indexed"));
    Files.writeString(lib.resolve("kubectl-indexed.jar"), "not really a jar");
    Files.writeString(lib.resolve("kubectl-indexed.jar.sha256"),
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  kubectl-indexed.jar\n");
    cache = tmp.resolve("cache");
    record = tmp.resolve("java-args");
  }

  /** Background training runs (the fake java is quick) must be done before the temporary directory goes. */
  @org.junit.jupiter.api.AfterEach
  void awaitNoTraining() {
    org.awaitility.Awaitility.await().until(() -> {
      if (!Files.exists(cache)) {
        return true;
      }
      try (var walk = Files.walk(cache)) {
        return walk.noneMatch(p -> p.getFileName().toString().equals(".lock"));
      }
    });
  }

  Path fakeJdk(String name, String version, String runtimeVersion) throws IOException {
    return fakeJdkAt(tmp.resolve("jvm").resolve(name), version, runtimeVersion);
  }

  /** A fake JDK at HOME (for the bundled runtime: app/lib/runtime). */
  Path fakeJdkAt(Path home, String version, String runtimeVersion) throws IOException {
    Files.createDirectories(home);
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"" + runtimeVersion
        + "\"\nJAVA_VERSION=\"" + version + "\"\nOS_ARCH=\"x86_64\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    // records its arguments (one per line, then "--"), then makes the archive a training run would make; with
    // FAKE_JAVA_EXIT=N it fails as a training run that died after the JVM wrote its temporary AOT configuration
    Files.writeString(java, """
        #!/bin/sh
        # one printf, so one append: a background training run may record at the same moment
        printf '%s\\n' "$0" "$@" "--" >> "$RECORD"
        for a in "$@"; do
          case $a in
            -XX:AOTCacheOutput=*) : > "${a#*=}.config"; [ -n "$FAKE_JAVA_EXIT" ] || : > "${a#*=}" ;;
            -XX:ArchiveClassesAtExit=*) [ -n "$FAKE_JAVA_EXIT" ] || : > "${a#*=}" ;;
          esac
        done
        exit ${FAKE_JAVA_EXIT:-0}
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  /** A PATH with the tools the launcher uses and no java. */
  Path tools() throws IOException {
    Path bin = tmp.resolve("tools");
    if (!Files.isDirectory(bin)) {
      Files.createDirectories(bin);
      for (String tool : List.of("readlink", "stat", "mkdir", "find", "mv", "rm", "rmdir", "sh")) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin")) {
          Path p = Path.of(dir, tool);
          if (Files.isExecutable(p)) {
            Files.createSymbolicLink(bin.resolve(tool), p);
            break;
          }
        }
      }
    }
    return bin;
  }

  record Run(int exit, String err, List<List<String>> javaCalls) {}

  Run run(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sh", app.resolve("kubectl-indexed").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", tools().toString());
    env.put("HOME", tmp.toString());
    env.put("RECORD", record.toString());
    env.put("KUBECTL_INDEXED_CACHE_DIR", cache.toString());
    env.put("KUBECTL_INDEXED_JDK_DIRS", tmp.resolve("jvm") + "/*");
    env.putAll(extraEnv);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Run(p.exitValue(), err, calls());
  }

  List<List<String>> calls() throws IOException {
    List<List<String>> calls = new ArrayList<>();
    if (!Files.exists(record)) {
      return calls;
    }
    List<String> cur = new ArrayList<>();
    for (String line : Files.readAllLines(record)) {
      if (line.equals("--")) {
        calls.add(cur);
        cur = new ArrayList<>();
      } else {
        cur.add(line);
      }
    }
    return calls;
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  Path archiveDir(String runtimeVersion) {
    return cache.resolve("0123456789abcdef-" + runtimeVersion + "-x86_64" + app.toString());
  }

  @Test
  void picksTheNewestJava17OrLater() throws Exception {
    fakeJdk("jdk-11", "11.0.22", "11.0.22+7");
    fakeJdk("jdk-17", "17.0.15", "17.0.15+6");
    Path jdk21 = fakeJdk("jdk-21", "21.0.4", "21.0.4+7");
    fakeJdk("jdk-21-old", "21.0.1", "21.0.1+12");
    Run r = run(env("KUBECTL_INDEXED_STARTUP_ARCHIVE", "0"), "version", "--client");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, r.javaCalls().size());
    List<String> call = r.javaCalls().get(0);
    assertEquals(jdk21.resolve("bin/java").toString(), call.get(0));
    int jar = call.indexOf("-jar");
    assertEquals(lib.resolve("kubectl-indexed.jar").toString(), call.get(jar + 1));
    assertEquals(List.of("version", "--client"), call.subList(jar + 2, call.size()));
  }

  @Test
  void javaHomeComesFirstWhenItIs17OrLater() throws Exception {
    Path jdk17 = fakeJdk("jdk-17", "17.0.15", "17.0.15+6");
    fakeJdk("jdk-25", "25.0.3", "25.0.3+9-LTS");
    Run r = run(env("KUBECTL_INDEXED_STARTUP_ARCHIVE", "0", "JAVA_HOME", jdk17.toString()), "version");
    assertEquals(jdk17.resolve("bin/java").toString(), r.javaCalls().get(0).get(0));
  }

  @Test
  void aJavaHomeOlderThan17IsPassedOver() throws Exception {
    Path jdk11 = fakeJdk("jdk-11", "11.0.22", "11.0.22+7");
    Path jdk17 = fakeJdk("jdk-17", "17.0.15", "17.0.15+6");
    Run r = run(env("KUBECTL_INDEXED_STARTUP_ARCHIVE", "0", "JAVA_HOME", jdk11.toString()), "version");
    assertEquals(jdk17.resolve("bin/java").toString(), r.javaCalls().get(0).get(0));
  }

  @Test
  void noJava17IsAClearError() throws Exception {
    fakeJdk("jdk-11", "11.0.22", "11.0.22+7");
    fakeJdk("jdk-8", "1.8.0_402", "1.8.0_402-b06");
    Run r = run(env(), "version");
    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("kubectl-indexed: needs Java 17 or newer, and found none."), r.err());
    assertTrue(r.err().contains("jdk-11 (11.0.22)") && r.err().contains("jdk-8 (1.8.0_402)"), r.err());
    assertTrue(r.err().contains("JAVA_HOME"), r.err());
    assertTrue(r.javaCalls().isEmpty(), "no JVM is started");
  }

  @Test
  void eachKindOfCommandGetsItsOwnJitHeapAndGc() throws Exception {
    fakeJdk("jdk-21", "21.0.4", "21.0.4+7");
    Map<String, String> noArchive = env("KUBECTL_INDEXED_STARTUP_ARCHIVE", "0");
    // short: C1 only, SerialGC, heap up to 384 MiB
    for (String[] args : List.of(new String[] {"create", "--dry-run=client", "-o", "yaml"},
        new String[] {"version", "--client"}, new String[] {"list"}, new String[] {"delete", "job"})) {
      List<String> call = run(noArchive, args).javaCalls().get(0);
      assertTrue(call.contains("-XX:TieredStopAtLevel=1"), String.join(" ", args) + ": " + call);
      assertTrue(call.contains("-XX:+UseSerialGC") && call.contains("-Xmx384m"), call.toString());
      Files.delete(record);
    }
    // stream: C1 only, a small heap
    for (String[] args : List.of(new String[] {"wait", "job"}, new String[] {"logs", "job", "--all"})) {
      List<String> call = run(noArchive, args).javaCalls().get(0);
      assertTrue(call.contains("-XX:TieredStopAtLevel=1"), String.join(" ", args) + ": " + call);
      assertTrue(call.contains("-XX:+UseSerialGC") && call.contains("-Xmx64m"), call.toString());
      assertFalse(call.contains("-Xmx384m"), call.toString());
      Files.delete(record);
    }
    // bulk: full JIT, the big heap with a big young generation
    for (String[] args : List.of(new String[] {"status", "job"}, new String[] {"run", "--completions=3"},
        new String[] {"create", "x", "--items-file", "items.txt", "--dry-run=client"},
        new String[] {"apply", "x", "--from-file=f"})) {
      List<String> call = run(noArchive, args).javaCalls().get(0);
      assertFalse(call.contains("-XX:TieredStopAtLevel=1"), String.join(" ", args) + ": " + call);
      assertTrue(call.contains("-Xmx384m") && call.contains("-Xmn128m"), call.toString());
      Files.delete(record);
    }
  }

  @Test
  void userOptionsComeAfterOursSoTheyWin() throws Exception {
    fakeJdk("jdk-21", "21.0.4", "21.0.4+7");
    List<String> call = run(env("KUBECTL_INDEXED_STARTUP_ARCHIVE", "0", "KUBECTL_INDEXED_JAVA_OPTS", "-Xmx1g -Dx=y"),
        "version").javaCalls().get(0);
    int ours = call.indexOf("-Xmx384m");
    int theirs = call.indexOf("-Xmx1g");
    assertTrue(ours >= 0 && theirs > ours && call.indexOf("-Dx=y") < call.indexOf("-jar"), call.toString());
  }

  @Test
  void jdk25UsesAnAotCacheTrainedOnceAndKeyedByJarHashAndJdk() throws Exception {
    Path jdk25 = fakeJdk("jdk-25", "25.0.3", "25.0.3+9-LTS");
    Run train = run(env("KUBECTL_INDEXED_TRAIN", "now"));
    assertEquals(0, train.exit(), train.err());
    Path aot = archiveDir("25.0.3+9-LTS").resolve("kubectl-indexed.aot");
    assertTrue(Files.isRegularFile(aot), "training made " + aot);
    List<String> trainCall = train.javaCalls().get(0);
    assertTrue(trainCall.stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput=" + aot + ".tmp.")), trainCall.toString());
    assertEquals("__train", trainCall.get(trainCall.size() - 1));

    Files.delete(record);
    List<String> call = run(env(), "create", "--dry-run=client", "-o", "yaml").javaCalls().get(0);
    assertEquals(jdk25.resolve("bin/java").toString(), call.get(0));
    assertTrue(call.contains("-XX:AOTCache=" + aot), call.toString());
  }

  @Test
  void jdk17to24UsesAppCdsMadeInTheBackgroundOnFirstRun() throws Exception {
    fakeJdk("jdk-21", "21.0.4", "21.0.4+7");
    Path jsa = archiveDir("21.0.4+7").resolve("kubectl-indexed.jsa");
    Run first = run(env(), "version", "--client");
    assertEquals(0, first.exit(), first.err());
    org.awaitility.Awaitility.await().until(() -> Files.isRegularFile(jsa)
        && !Files.exists(jsa.resolveSibling(".lock")));
    List<List<String>> calls = calls();
    assertEquals(2, calls.size(), "the command and a background training run: " + calls);
    assertTrue(calls.stream().anyMatch(c -> c.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="))
        && c.get(c.size() - 1).equals("__train")), calls.toString());
    assertTrue(calls.stream().noneMatch(c -> c.contains("-XX:SharedArchiveFile=" + jsa)), "not used on the first run");

    Files.delete(record);
    List<String> second = run(env(), "version", "--client").javaCalls().get(0);
    assertTrue(second.contains("-XX:SharedArchiveFile=" + jsa), second.toString());
    assertEquals(1, calls().size(), "no training once the archive exists");
  }

  @Test
  void aNewJarIsNeverServedAStaleArchive() throws Exception {
    fakeJdk("jdk-25", "25.0.3", "25.0.3+9-LTS");
    assertEquals(0, run(env("KUBECTL_INDEXED_TRAIN", "now")).exit());
    Path oldAot = archiveDir("25.0.3+9-LTS").resolve("kubectl-indexed.aot");
    assertTrue(Files.isRegularFile(oldAot));
    // a new build: a new hash
    Files.writeString(lib.resolve("kubectl-indexed.jar.sha256"),
        "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210  kubectl-indexed.jar\n");
    Files.delete(record);
    List<String> call = run(env("KUBECTL_INDEXED_STARTUP_ARCHIVE", "1"), "version").javaCalls().get(0);
    assertTrue(call.stream().noneMatch(a -> a.startsWith("-XX:AOTCache=")), call.toString());
    // the jar replaced after its hash file was written: the hash is not trusted, size+mtime key it instead
    Files.writeString(lib.resolve("kubectl-indexed.jar.sha256"),
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  kubectl-indexed.jar\n");
    Files.setLastModifiedTime(lib.resolve("kubectl-indexed.jar"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    org.awaitility.Awaitility.await().until(() -> !Files.exists(cache.resolve("fedcba9876543210-25.0.3+9-LTS-x86_64"
        + app).resolve(".lock")));
    Files.delete(record);
    List<String> after = run(env(), "version").javaCalls().get(0);
    assertTrue(after.stream().noneMatch(a -> a.equals("-XX:AOTCache=" + oldAot)), after.toString());
  }

  // --- the bundled runtime (self-contained archive) ------------------------------------------------------------------

  @Test
  void theBundledRuntimeComesFirstWithTheAotCacheTrainedForIt() throws Exception {
    Path runtime = fakeJdkAt(lib.resolve("runtime"), "25.0.3", "25.0.3+9-LTS");
    Path jdk25 = fakeJdk("jdk-25", "25.0.3", "25.0.3+9-LTS");
    Path aot = lib.resolve("kubectl-indexed.aot");
    Files.writeString(aot, "trained by the build");
    Run r = run(env("JAVA_HOME", jdk25.toString()), "create", "--dry-run=client", "-o", "yaml");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, r.javaCalls().size(), "no training run: " + r.javaCalls());
    List<String> call = r.javaCalls().get(0);
    assertEquals(runtime.resolve("bin/java").toString(), call.get(0));
    assertTrue(call.contains("-XX:AOTCache=" + aot), call.toString());
    assertFalse(Files.exists(cache), "nothing is kept per user");
  }

  @Test
  void trainingWithTheBundledRuntimeWritesItsAotCacheBesideIt() throws Exception {
    fakeJdkAt(lib.resolve("runtime"), "25.0.3", "25.0.3+9-LTS");
    Run train = run(env("KUBECTL_INDEXED_TRAIN", "now"));
    assertEquals(0, train.exit(), train.err());
    Path aot = lib.resolve("kubectl-indexed.aot");
    assertTrue(Files.isRegularFile(aot), "training made " + aot);
    List<String> call = train.javaCalls().get(0);
    assertTrue(call.stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput=" + aot + ".tmp.")), call.toString());
    assertEquals("__train", call.get(call.size() - 1), "the training run goes through the CLI's __train command");
    try (var files = Files.list(lib)) {
      assertEquals(List.of("kubectl-indexed.aot", "kubectl-indexed.jar", "kubectl-indexed.jar.sha256", "runtime"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file or lock is left");
    }
    assertFalse(Files.exists(cache));
  }

  @Test
  void theTestSwitchHidesTheJdkDirectoriesButNotTheBundledRuntime() throws Exception {
    fakeJdk("jdk-21", "21.0.4", "21.0.4+7");
    Map<String, String> hidden = env("KUBECTL_INDEXED_TEST_IGNORE_JDK_DIRS", "1", "KUBECTL_INDEXED_STARTUP_ARCHIVE", "0");
    Run none = run(hidden, "version");
    assertEquals(1, none.exit());
    assertTrue(none.err().startsWith("kubectl-indexed: needs Java 17 or newer, and found none."), none.err());
    assertTrue(none.javaCalls().isEmpty());

    Path runtime = fakeJdkAt(lib.resolve("runtime"), "25.0.3", "25.0.3+9-LTS");
    Run bundled = run(hidden, "version");
    assertEquals(0, bundled.exit(), bundled.err());
    assertEquals(runtime.resolve("bin/java").toString(), bundled.javaCalls().get(0).get(0));
  }

  // --- per-user cache hygiene ----------------------------------------------------------------------------------------

  List<String> cacheFiles() throws IOException {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (var walk = Files.walk(cache)) {
      return walk.filter(Files::isRegularFile).map(p -> cache.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void aFailedTrainingRunLeavesNoTemporaryFile() throws Exception {
    fakeJdk("jdk-25", "25.0.3", "25.0.3+9-LTS");
    Run train = run(env("KUBECTL_INDEXED_TRAIN", "now", "FAKE_JAVA_EXIT", "1"));
    assertEquals(1, train.exit(), train.err());
    assertTrue(train.err().contains("training run failed"), train.err());
    assertTrue(train.javaCalls().get(0).stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput=")));
    assertEquals(List.of(), cacheFiles(), "the JVM's temporary AOT configuration is removed too");
    assertFalse(Files.exists(archiveDir("25.0.3+9-LTS").resolve(".lock")));
  }

  @Test
  void aFailedBackgroundTrainingRunLeavesNoTemporaryFile() throws Exception {
    fakeJdk("jdk-25", "25.0.3", "25.0.3+9-LTS");
    Run first = run(env("FAKE_JAVA_EXIT", "1"), "version");
    assertEquals(1, first.exit(), "the fake java fails the command too");
    Path lock = archiveDir("25.0.3+9-LTS").resolve(".lock");
    org.awaitility.Awaitility.await().until(() -> calls().size() == 2 && !Files.exists(lock));
    assertEquals(List.of(), cacheFiles());
  }

  @Test
  void temporaryFilesOfTrainingRunsThatDiedAreSwept() throws Exception {
    fakeJdk("jdk-25", "25.0.3", "25.0.3+9-LTS");
    // a run killed outright in this directory (any age: the lock says no other run is training here) ...
    Path here = Files.createDirectories(archiveDir("25.0.3+9-LTS"));
    Files.writeString(here.resolve("kubectl-indexed.aot.tmp.4242.config"), "50 MB of AOT configuration");
    Files.writeString(here.resolve("kubectl-indexed.aot.tmp.4242"), "half an archive");
    // ... and one elsewhere, older than 10 minutes (a fresh one there may belong to a live run)
    Path elsewhere = Files.createDirectories(cache.resolve("0123456789abcdef-21.0.4+7-x86_64" + app));
    Path old = Files.writeString(elsewhere.resolve("kubectl-indexed.jsa.tmp.77"), "x");
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 20 * 60_000));
    Path fresh = Files.writeString(elsewhere.resolve("kubectl-indexed.jsa.tmp.78"), "x");

    assertEquals(0, run(env("KUBECTL_INDEXED_TRAIN", "now")).exit());
    String made = cache.relativize(here.resolve("kubectl-indexed.aot")).toString();
    assertEquals(List.of(cache.relativize(fresh).toString(), made), cacheFiles());
  }

  @Test
  void trainingKeepsOnlyTheNewestArchiveOfEachInstallAndDropsThoseOfRemovedInstalls() throws Exception {
    fakeJdk("jdk-25", "25.0.3", "25.0.3+9-LTS");
    // the archive of this launcher's previous jar, and of its previous Java
    Path oldJar = Files.createDirectories(cache.resolve("fedcba9876543210-25.0.3+9-LTS-x86_64" + app));
    Files.writeString(oldJar.resolve("kubectl-indexed.aot"), "old jar");
    Path oldJava = Files.createDirectories(cache.resolve("0123456789abcdef-21.0.4+7-x86_64" + app));
    Files.writeString(oldJava.resolve("kubectl-indexed.jsa"), "old java");
    // an install that is gone (an old krew version's store) and one that is still there
    Path gone = Files.createDirectories(cache.resolve("00000000aaaaaaaa-25.0.3+9-LTS-x86_64" + tmp.resolve("gone")));
    Files.writeString(gone.resolve("kubectl-indexed.aot"), "gone");
    Path other = Files.createDirectories(tmp.resolve("other/lib"));
    Files.writeString(other.resolve("kubectl-indexed.jar"), "another install");
    Path kept = Files.createDirectories(cache.resolve("00000000bbbbbbbb-25.0.3+9-LTS-x86_64" + tmp.resolve("other")));
    Files.writeString(kept.resolve("kubectl-indexed.aot"), "kept");

    assertEquals(0, run(env("KUBECTL_INDEXED_TRAIN", "now")).exit());
    assertEquals(List.of(cache.relativize(kept.resolve("kubectl-indexed.aot")).toString(),
            cache.relativize(archiveDir("25.0.3+9-LTS").resolve("kubectl-indexed.aot")).toString()),
        cacheFiles());
    try (var dirs = Files.list(cache)) {
      assertEquals(2, dirs.count(), "the emptied key directories are removed");
    }
  }
}
