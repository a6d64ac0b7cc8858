package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemsReaderTest {
  @TempDir
  Path tmp;

  private static List<String> parse(String text) {
    return ItemsReader.parse(text.getBytes(StandardCharsets.UTF_8), "f");
  }

  @Test
  void everyLineIsAnItemBlankLinesIncluded() {
    assertEquals(List.of("a", "", "b"), parse("a\n\nb\n"));
    assertEquals(List.of("a", "b"), parse("a\nb"));
    assertEquals(List.of("a", ""), parse("a\n\n"));
    assertEquals(List.of(""), parse("\n"));
    assertEquals(List.of(), parse(""));
  }

  @Test
  void aCrBeforeLfIsDroppedOtherCrsStay() {
    assertEquals(List.of("a", "b", "c\rd"), parse("a\r\nb\r\nc\rd"));
    assertEquals(List.of("", "x\r"), parse("\r\nx\r"));
  }

  @Test
  void unicodeIsKept() {
    assertEquals(List.of("日本語", "🎉 ü"), parse("日本語\n🎉 ü\n"));
  }

  @Test
  void nonUtf8NamesTheFileAndLine() {
    byte[] bytes = {'o', 'k', '\n', '\n', 'b', 'a', (byte) 0xff, 'd', '\n'};
    PluginException e = assertThrows(PluginException.class, () -> ItemsReader.parse(bytes, "items.txt"));
    assertEquals("--items-file: items.txt: line 3: not valid UTF-8", e.getMessage());
    assertEquals(2, e.exitCode());
  }

  @Test
  void nulIsRefused() {
    PluginException e = assertThrows(PluginException.class, () -> parse("a\nb\0c\n"));
    assertEquals("--items-file: f: line 2: contains a NUL character", e.getMessage());
  }

  @Test
  void readsFilesAndStdin() throws Exception {
    Path f = Files.write(tmp.resolve("items.txt"), "x\ny\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("x", "y"), ItemsReader.read(f.toString(), null));
    assertEquals(List.of("s"), ItemsReader.read("-", new ByteArrayInputStream("s\n".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void unreadableOrEmptyFilesAreUsageErrors() throws Exception {
    Path empty = Files.createFile(tmp.resolve("empty.txt"));
    assertEquals("--items-file: " + empty + ": has no items (the file is empty)",
        assertThrows(PluginException.class, () -> ItemsReader.read(empty.toString(), null)).getMessage());
    assertEquals("--items-file: " + tmp + "/nope: no such file",
        assertThrows(PluginException.class, () -> ItemsReader.read(tmp + "/nope", null)).getMessage());
    assertEquals("--items-file: " + tmp + ": is a directory",
        assertThrows(PluginException.class, () -> ItemsReader.read(tmp.toString(), null)).getMessage());
  }

  @Test
  void aFileOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
    Path big = tmp.resolve("big.txt");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(100L * 1000 * 1000);
    }
    PluginException e = assertThrows(PluginException.class, () -> ItemsReader.read(big.toString(), null));
    assertEquals("--items-file: " + big + ": 100000000 bytes; the largest input accepted is 64 MiB and 1,000,000 items",
        e.getMessage());
    assertEquals(2, e.exitCode());
  }

  @Test
  void endlessStdinIsRefusedAtTheLimit() {
    java.io.InputStream endless = new java.io.InputStream() {
      @Override
      public int read() {
        return 'a';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'a');
        return len;
      }
    };
    PluginException e = assertThrows(PluginException.class, () -> ItemsReader.read("-", endless));
    assertEquals("--items-file: -: more than 67108864 bytes; the largest input accepted is 64 MiB and 1,000,000 items",
        e.getMessage());
  }

  @Test
  void aMillionItemsAreTheMost() {
    byte[] million = new byte[ItemsReader.MAX_ITEMS];
    java.util.Arrays.fill(million, (byte) '\n');
    assertEquals(ItemsReader.MAX_ITEMS, ItemsReader.parse(million, "f").size());
    byte[] more = java.util.Arrays.copyOf(million, million.length + 1);
    more[million.length] = 'x';
    PluginException e = assertThrows(PluginException.class, () -> ItemsReader.parse(more, "f"));
    assertEquals("--items-file: f: more than 1000000 items; the largest input accepted is 64 MiB and 1,000,000 items",
        e.getMessage());
  }
}
