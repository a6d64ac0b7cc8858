package io.github.kubectlindexed.app;

import io.github.kubectlindexed.cluster.JobState;
import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.LogFollower;
import io.github.kubectlindexed.output.LogFileNames;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The sink of {@code --output-dir}: each log goes to its own file in a directory ({@link LogFileNames}), written
 * under a partial name, forced to disk, recorded in the directory's journal ({@link LogFileNames#JOURNAL}: which pod's
 * log the file holds, appended and forced), and renamed (an atomic move) to its name only once complete. A file with
 * a result's name is therefore always whole and has its record (a record without its file is harmless: the file is
 * written again). A file that exists is skipped ({@link #current}) unless its record names another pod than the one
 * that now speaks for the index (a retry's): then it is written again, through the same partial file.
 *
 * <p>Once ({@link #once}): each text handed over is a finished source's whole log and is saved at once. Following
 * ({@link #following}): lines are appended to the partial file as they stream; a source is saved when its stream has
 * ended, its pod has ended, and its attempt speaks for the index: with {@code --attempts all} every attempt does;
 * otherwise a succeeded attempt, or a failed one once the index has failed for good or the Job has finished (a newer
 * attempt of the index discards it). Thread-safe: streams write from their own threads.
 */
public final class LogFiles implements LogCollector.Sink, LogFollower.Sink {
  private final Path dir;
  private final boolean perAttempt;
  private final boolean perContainer;
  private final boolean following;
  private final Consumer<String> markers;
  private final IntConsumer progress;

  /** A log being written while followed. */
  private static final class Part {
    final LogCollector.Source source;
    final Path temp;
    FileChannel channel;
    Writer writer;
    boolean ended;
    /** Its file was complete before: nothing is written. */
    boolean skip;
    boolean failed;

    Part(LogCollector.Source source, Path temp) {
      this.source = source;
      this.temp = temp;
    }
  }

  private final Map<String, Part> parts = new HashMap<>();
  private final Map<Integer, List<Part>> partsByIndex = new HashMap<>();
  private final Map<String, String> phases = new HashMap<>();
  private final Map<Integer, Integer> newest = new HashMap<>();
  private final Set<Integer> seen = new TreeSet<>();
  private final List<LogCollector.Source> written = new ArrayList<>();
  private final List<LogCollector.Source> replaced = new ArrayList<>();
  /** The journal's records: file name → the pod whose log it holds (files saved by older versions have none). */
  private final Map<String, String> recorded;
  /** The journal's last line was cut (a crash while appending): the next record starts on a line of its own. */
  private boolean journalCut;
  private final Set<LogCollector.Source> handed = new java.util.HashSet<>();
  private final Set<Integer> unread = new TreeSet<>();
  private JobState job;
  private int skipped;
  private int writeFailures;
  private String writeError;

  private LogFiles(Path dir, boolean perAttempt, boolean perContainer, boolean following, Consumer<String> markers,
      IntConsumer progress) {
    this.dir = dir;
    this.perAttempt = perAttempt;
    this.perContainer = perContainer;
    this.following = following;
    this.markers = markers;
    this.progress = progress;
    this.recorded = readJournal();
  }

  /** A sink for a one-shot collection: every text it is handed is a finished source's whole log. */
  public static LogFiles once(Path dir, boolean perAttempt, boolean perContainer, Consumer<String> markers,
      IntConsumer progress) {
    return new LogFiles(dir, perAttempt, perContainer, false, markers, progress);
  }

  /** A sink for a follow: lines stream into partial files, saved as each index finishes. */
  public static LogFiles following(Path dir, boolean perAttempt, boolean perContainer, Consumer<String> markers,
      IntConsumer progress) {
    return new LogFiles(dir, perAttempt, perContainer, true, markers, progress);
  }

  /** The file a source's log is saved to. */
  public Path fileOf(LogCollector.Source s) {
    return dir.resolve(LogFileNames.of(s.index(), s.attempt(), s.container(), perAttempt, perContainer));
  }

  /** Whether the source's file is complete (it exists: only complete files have a result's name). */
  public boolean complete(LogCollector.Source s) {
    return Files.exists(fileOf(s));
  }

  /**
   * Whether the source's file is complete and holds the source's pod's log: it exists, and its record names the pod
   * (or it has none: saved by an older version). A file whose record names another pod is superseded: a newer attempt
   * (a retry's) speaks for the index. With {@code --attempts all} each attempt has its own file: never superseded.
   */
  public synchronized boolean current(LogCollector.Source s) {
    if (!complete(s)) {
      return false;
    }
    String pod = perAttempt ? null : recorded.get(fileOf(s).getFileName().toString());
    return pod == null || pod.equals(s.pod());
  }

  /** Counts a file found complete before anything was read (it is not rewritten). */
  public synchronized void skipped(int files) {
    skipped += files;
    progress.accept(written.size() + skipped);
  }

  /**
   * Removes the partial files an earlier run left (a crash, an interrupt).
   *
   * @return how many were removed
   */
  public static int removePartials(Path dir) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (LogFileNames.isPartial(f.getFileName().toString()) && Files.isRegularFile(f)) {
          Files.deleteIfExists(f);
          removed++;
        }
      }
    }
    return removed;
  }

  /** Whether the directory holds a saved log already. */
  public static boolean holdsResults(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (LogFileNames.isResult(f.getFileName().toString())) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public synchronized void text(LogCollector.Source s, String text) {
    if (!following) {
      saveWhole(s, text);
      return;
    }
    Part p = part(s);
    if (p == null || text == null || text.isEmpty()) {
      return;
    }
    write(p, text.endsWith("\n") ? text : text + "\n");
  }

  @Override
  public synchronized void line(LogCollector.Source s, String line) {
    Part p = part(s);
    if (p != null) {
      write(p, line + "\n");
    }
  }

  @Override
  public void marker(String text) {
    markers.accept(text);
  }

  @Override
  public synchronized void unread(int index) {
    unread.add(index);
  }

  @Override
  public synchronized void ended(LogCollector.Source s) {
    Part p = part(s); // an empty log never wrote a line: its file is empty
    if (p == null) {
      return;
    }
    close(p);
    p.ended = true;
    settle(p);
  }

  @Override
  public synchronized void pod(int index, int attempt, String pod, String phase) {
    phases.put(pod, phase);
    seen.add(index);
    newest.merge(index, attempt, Math::max);
    for (Part p : new ArrayList<>(partsByIndex.getOrDefault(index, List.of()))) {
      settle(p);
    }
  }

  @Override
  public synchronized void job(JobState state) {
    this.job = state;
    for (List<Part> ps : new ArrayList<>(partsByIndex.values())) {
      for (Part p : new ArrayList<>(ps)) {
        settle(p);
      }
    }
  }

  /**
   * Ends a follow: saves what may be saved, and removes the partial files of logs that were not (a follow stopped
   * early, a log that failed); their indexes are collected again by the next run.
   */
  public synchronized void finish() {
    job(job);
    for (Part p : new ArrayList<>(parts.values())) {
      close(p);
      if (!p.skip) {
        deleteQuietly(p.temp);
      }
    }
    parts.clear();
    partsByIndex.clear();
  }

  /** The sources whose files this run wrote, in the order they were saved. */
  public synchronized List<LogCollector.Source> written() {
    return List.copyOf(written);
  }

  public synchronized int skippedCount() {
    return skipped;
  }

  /** The sources among {@link #written} whose file held another pod's log before (a superseded file, rewritten). */
  public synchronized List<LogCollector.Source> replaced() {
    return List.copyOf(replaced);
  }

  /** The sources whose whole log was handed over (once), saved or not. */
  public synchronized Set<LogCollector.Source> handed() {
    return Set.copyOf(handed);
  }

  /** The indexes a follow saw a pod of. */
  public synchronized Set<Integer> seen() {
    return Set.copyOf(seen);
  }

  /** The indexes whose log could not be read (a follow's). */
  public synchronized Set<Integer> unread() {
    return Set.copyOf(unread);
  }

  /** How many files could not be written, and the first failure's line (null when none). */
  public synchronized int writeFailures() {
    return writeFailures;
  }

  public synchronized String writeError() {
    return writeError;
  }

  private void saveWhole(LogCollector.Source s, String text) {
    handed.add(s);
    Path temp = dir.resolve(LogFileNames.partial(s.index(), s.attempt(), s.container(), perContainer));
    String body = text == null || text.isEmpty() || text.endsWith("\n") ? (text == null ? "" : text) : text + "\n";
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = StandardCharsets.UTF_8.encode(body);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(false);
    } catch (IOException e) {
      failed(temp, e);
      return;
    }
    rename(s, temp);
  }

  /** Records the source's complete (forced) partial file in the journal, then renames it to its name. */
  private void rename(LogCollector.Source s, Path temp) {
    Path target = fileOf(s);
    boolean replacing = Files.exists(target);
    try {
      record(target.getFileName().toString(), s.pod());
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      failed(temp, e);
      return;
    }
    written.add(s);
    if (replacing) {
      replaced.add(s);
    }
    progress.accept(written.size() + skipped);
  }

  /** Appends {@code <file> <pod>} to the journal and forces it to disk. */
  private void record(String file, String pod) throws IOException {
    String line = (journalCut ? "\n" : "") + file + " " + pod + "\n";
    try (FileChannel ch = FileChannel.open(dir.resolve(LogFileNames.JOURNAL), StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
      ByteBuffer b = StandardCharsets.UTF_8.encode(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(false);
    }
    journalCut = false;
    recorded.put(file, pod);
  }

  /** The journal's records; a line cut by a crash is ignored, and an unreadable journal is as none (files are kept). */
  private Map<String, String> readJournal() {
    Map<String, String> records = new HashMap<>();
    String text;
    try {
      text = Files.readString(dir.resolve(LogFileNames.JOURNAL));
    } catch (IOException e) {
      return records;
    }
    journalCut = !text.isEmpty() && !text.endsWith("\n");
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) { // the last piece follows the last newline: empty, or cut
      String[] f = lines[i].split(" ");
      if (f.length == 2 && LogFileNames.isResult(f[0]) && !f[1].isEmpty()) {
        records.put(f[0], f[1]);
      }
    }
    return records;
  }

  /** The part of a followed source, opened on first use; null when its file was complete before, or failed. */
  private Part part(LogCollector.Source s) {
    String key = s.index() + "/" + s.attempt() + "/" + s.container();
    Part p = parts.get(key);
    if (p == null) {
      p = new Part(s, dir.resolve(LogFileNames.partial(s.index(), s.attempt(), s.container(), perContainer)));
      parts.put(key, p);
      partsByIndex.computeIfAbsent(s.index(), k -> new ArrayList<>()).add(p);
      if (complete(s)) {
        p.skip = true;
        skipped++;
        progress.accept(written.size() + skipped);
      } else {
        try {
          p.channel = FileChannel.open(p.temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
          p.writer = Channels.newWriter(p.channel, StandardCharsets.UTF_8);
        } catch (IOException e) {
          p.failed = true;
          failed(p.temp, e);
        }
      }
    }
    return p.skip || p.failed ? null : p;
  }

  private void write(Part p, String text) {
    if (p.writer == null) {
      return; // ended already: a late line of a stream closed by us; the log was read whole
    }
    try {
      p.writer.write(text);
    } catch (IOException e) {
      p.failed = true;
      close(p);
      failed(p.temp, e);
    }
  }

  private void close(Part p) {
    if (p.writer == null) {
      return;
    }
    try {
      p.writer.flush();
      p.channel.force(false);
      p.writer.close();
    } catch (IOException e) {
      if (!p.failed) {
        p.failed = true;
        failed(p.temp, e);
      }
    } finally {
      p.writer = null;
      try {
        p.channel.close();
      } catch (IOException ignored) {
        // closed with the writer
      }
    }
  }

  /** Saves, discards or keeps waiting, as the part's pod and the Job say. */
  private void settle(Part p) {
    if (!p.ended || p.skip || p.failed) {
      return;
    }
    int index = p.source.index();
    if (!perAttempt && newest.getOrDefault(index, 0) > p.source.attempt()) {
      drop(p); // a newer attempt of the index speaks for it
      deleteQuietly(p.temp);
      return;
    }
    String phase = phases.getOrDefault(p.source.pod(), p.source.phase());
    boolean succeeded = "Succeeded".equals(phase);
    if (!succeeded && !"Failed".equals(phase)) {
      return; // the pod has not ended yet
    }
    boolean settled = job != null && (job.finished() || job.failedIndexes().contains(index));
    if (perAttempt || succeeded || settled) {
      drop(p);
      rename(p.source, p.temp);
    }
  }

  private void drop(Part p) {
    parts.remove(p.source.index() + "/" + p.source.attempt() + "/" + p.source.container());
    List<Part> same = partsByIndex.get(p.source.index());
    if (same != null) {
      same.remove(p);
      if (same.isEmpty()) {
        partsByIndex.remove(p.source.index());
      }
    }
  }

  private void failed(Path temp, IOException e) {
    writeFailures++;
    if (writeError == null) {
      writeError = "could not write " + temp.getFileName() + " in " + dir + ": " + describe(e);
    }
    deleteQuietly(temp);
  }

  /** A file failure in words: the system's reason, never the exception's type. */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : "the file system refused it";
    }
    return e.getMessage() != null ? e.getMessage() : "an input/output error";
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the next run removes partial files
    }
  }
}
