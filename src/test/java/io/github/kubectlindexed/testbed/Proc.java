package io.github.kubectlindexed.testbed;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A command run as a process, as the testbed tiers run kubectl and the plugin: stdout and stderr go to temp files
 * named {@code TAG-out*.txt} and {@code TAG-err*.txt} (the tag names the tier), stdin is {@code /dev/null} unless
 * given.
 */
public final class Proc {
  private static final ProcessBuilder.Redirect DEV_NULL = ProcessBuilder.Redirect.from(new File("/dev/null"));

  private Proc() {}

  public record Result(int exit, String out, String err, long millis) {
    @Override
    public String toString() {
      return "exit " + exit + " after " + millis + " ms\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** A process running in the background, with its output going to files that can be read at any time. */
  public record Background(Process process, Path out, Path err, long startNanos) {
    public String outSoFar() {
      try {
        return Files.readString(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public Result await(Duration timeout) throws IOException, InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail("background command timed out after " + timeout + "\n" + Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err),
          (System.nanoTime() - startNanos) / 1_000_000);
    }
  }

  /** Runs {@code cmd} to its end, with {@code env} added to this process's environment; fails after timeout. */
  public static Result exec(String tag, List<String> cmd, Map<String, String> env, String stdin, Duration timeout) {
    try {
      Path out = Files.createTempFile(tag + "-out", ".txt");
      Path err = Files.createTempFile(tag + "-err", ".txt");
      ProcessBuilder pb = builder(cmd, env, out, err);
      if (stdin == null) {
        pb.redirectInput(DEV_NULL);
      }
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (stdin != null) {
        try (var in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        fail("timed out after " + timeout + ": " + cmd + "\n" + Files.readString(err));
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err), ms);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts {@code cmd} in the background, with {@code env} added to this process's environment. */
  public static Background start(String tag, List<String> cmd, Map<String, String> env) throws IOException {
    Path out = Files.createTempFile(tag + "-out", ".txt");
    Path err = Files.createTempFile(tag + "-err", ".txt");
    ProcessBuilder pb = builder(cmd, env, out, err);
    pb.redirectInput(DEV_NULL);
    return new Background(pb.start(), out, err, System.nanoTime());
  }

  private static ProcessBuilder builder(List<String> cmd, Map<String, String> env, Path out, Path err) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    return pb;
  }
}
