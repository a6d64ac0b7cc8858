package io.github.kubectlindexed.output;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineWriterTest {
  @Test
  void prefixNamesWhatVaries() {
    PrintWriter pw = new PrintWriter(new StringWriter());
    assertEquals("", LineWriter.of(pw, 1, 1, 1, null).prefix(3, "worker", 1));
    assertEquals("[3] ", LineWriter.of(pw, 2, 1, 1, null).prefix(3, "worker", 1));
    assertEquals("[3 input] ", LineWriter.of(pw, 2, 2, 1, null).prefix(3, "input", 1));
    assertEquals("[3 worker #2] ", LineWriter.of(pw, 2, 2, 2, null).prefix(3, "worker", 2));
    assertEquals("[#2] ", LineWriter.of(pw, 1, 1, 2, null).prefix(3, "worker", 2));
    // the first attempt keeps the plain prefix: a follow cannot know yet whether a retry will come
    assertEquals("[3 worker] ", LineWriter.of(pw, 2, 2, 2, null).prefix(3, "worker", 1));
    assertEquals("[3] ", LineWriter.of(pw, 2, 1, 2, null).prefix(3, "worker", 1));
    assertEquals("", LineWriter.of(pw, 1, 1, 2, null).prefix(3, "worker", 1));
    assertEquals("[3] ", LineWriter.of(pw, 1, 1, 1, true).prefix(3, "worker", 1));
    assertEquals("", LineWriter.of(pw, 5, 2, 2, false).prefix(3, "worker", 1));
  }

  @Test
  void textIsSplitIntoPrefixedLinesAndAnUnterminatedLastLineIsEnded() {
    StringWriter sw = new StringWriter();
    LineWriter w = LineWriter.of(new PrintWriter(sw), 2, 1, 1, null);
    w.text(0, "worker", 1, "a\nb");
    w.text(1, "worker", 1, "c\n");
    w.text(2, "worker", 1, "");
    assertEquals("[0] a\n[0] b\n[1] c\n", sw.toString());
  }

  @Test
  void concurrentWritersNeverTearALine() throws Exception {
    StringWriter sw = new StringWriter();
    LineWriter w = LineWriter.of(new PrintWriter(sw), 2, 1, 1, null);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int index = t;
      all.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 500; i++) {
          w.line(index, "worker", 1, "line " + i + " of index " + index);
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
    String[] lines = sw.toString().split("\n");
    assertEquals(2000, lines.length);
    assertEquals(2000, Arrays.stream(lines).filter(l -> l.matches("\\[(\\d)] line \\d+ of index \\1")).count());
  }
}
