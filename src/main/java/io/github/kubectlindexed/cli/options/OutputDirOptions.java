package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.output.LogFileNames;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code --output-dir DIR} and {@code --delete-finished-pods}, shared by {@code logs} and {@code run}. */
public class OutputDirOptions {
  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "Save each finished index's log to DIR/<index>.log instead of printing it (created when absent);"
          + " a second run skips the complete files.")
  String dir;

  @Option(names = "--delete-finished-pods",
      description = "With --output-dir: once the logs are on disk, delete the pods whose logs were saved.")
  boolean deleteFinishedPods;

  /** The directory as given, or null. */
  public String given() {
    return dir;
  }

  public boolean deleteFinishedPods() {
    return deleteFinishedPods;
  }

  /**
   * Checks the flags before anything is sent, and creates the directory when it is absent.
   *
   * @param noResults the directory must hold no saved log yet ({@code run}: a new Job's logs never mix with older ones)
   * @return the directory, or null without {@code --output-dir}
   * @throws PluginException exit 2: not a directory, cannot be created or written, or a flag without the other
   */
  public Path checked(boolean noResults) {
    if (dir == null) {
      if (deleteFinishedPods) {
        throw PluginException.usage("--delete-finished-pods: goes with --output-dir DIR (the pods are deleted once"
            + " their logs are saved there)");
      }
      return null;
    }
    if (dir.isBlank()) {
      throw PluginException.usage("--output-dir: \"" + dir + "\": a directory is needed");
    }
    Path p;
    try {
      p = Path.of(dir);
    } catch (InvalidPathException e) {
      throw PluginException.usage("--output-dir: \"" + dir + "\": not a file name");
    }
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw PluginException.usage("--output-dir: \"" + dir + "\": not a directory");
    }
    if (!Files.exists(p)) {
      try {
        Files.createDirectories(p);
      } catch (IOException e) {
        throw PluginException.usage("--output-dir: \"" + dir + "\": cannot be created: " + reason(e));
      }
    }
    if (!Files.isWritable(p) || !Files.isExecutable(p)) {
      throw PluginException.usage("--output-dir: \"" + dir + "\": not writable");
    }
    if (noResults) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(p)) {
        for (Path f : files) {
          if (LogFileNames.isResult(f.getFileName().toString())) {
            throw PluginException.usage("--output-dir: \"" + dir + "\" holds saved logs already ("
                + f.getFileName() + "); give an empty directory (to resume saving a Job's logs: kubectl indexed logs"
                + " -f NAME --output-dir " + dir + ")");
          }
        }
      } catch (IOException e) {
        throw PluginException.usage("--output-dir: \"" + dir + "\": cannot be read: " + reason(e));
      }
    }
    return p;
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e instanceof FileSystemException ? "refused by the file system" : String.valueOf(e.getMessage());
  }
}
