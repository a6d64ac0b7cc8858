package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.PluginException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads {@code --items-file}: every line is an item, blank lines included; a final newline ends the last item; a CR
 * before LF is dropped; bytes that are not UTF-8 are an error naming the file and the line.
 *
 * <p>Bounded: at most {@link #MAX_BYTES} bytes and {@link #MAX_ITEMS} items, checked while reading, so that any input
 * either fits the launcher's heap for {@code create} (384 MiB) or is refused with one line naming the limit. A file is
 * measured before it is read; standard input is read up to one byte past the limit.
 */
public final class ItemsReader {
  private static final String FLAG = "--items-file";
  /** The largest items file (or standard input) accepted. */
  public static final int MAX_BYTES = 64 * 1024 * 1024;
  /** The most items accepted. */
  public static final int MAX_ITEMS = 1_000_000;
  static final String LIMITS = "the largest input accepted is 64 MiB and 1,000,000 items";

  private ItemsReader() {}

  /** Reads {@code file}, or {@code stdin} when it is {@code -}. */
  public static List<String> read(String file, InputStream stdin) {
    byte[] bytes;
    try {
      if ("-".equals(file)) {
        bytes = stdin.readNBytes(MAX_BYTES + 1);
      } else {
        Path p = Path.of(file);
        if (Files.isDirectory(p)) {
          throw PluginException.usage(FLAG + ": " + file + ": is a directory");
        }
        if (Files.isRegularFile(p) && Files.size(p) > MAX_BYTES) {
          throw tooBig(file, Files.size(p) + " bytes");
        }
        try (InputStream in = Files.newInputStream(p)) {
          bytes = in.readNBytes(MAX_BYTES + 1);
        }
      }
    } catch (NoSuchFileException e) {
      throw PluginException.usage(FLAG + ": " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw PluginException.usage(FLAG + ": " + file + ": permission denied");
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw PluginException.usage(FLAG + ": " + file + ": cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw tooBig(file, "more than " + MAX_BYTES + " bytes");
    }
    List<String> items = parse(bytes, file);
    if (items.isEmpty()) {
      throw PluginException.usage(FLAG + ": " + file + ": has no items (the file is empty)");
    }
    return items;
  }

  private static PluginException tooBig(String file, String what) {
    return PluginException.usage(FLAG + ": " + file + ": " + what + "; " + LIMITS);
  }

  /**
   * Splits UTF-8 bytes into items; {@code name} is used in messages. Lines are cut on the byte {@code \n} (which
   * never occurs inside a UTF-8 sequence) and decoded one by one, so the only copy of the text is the items.
   */
  public static List<String> parse(byte[] bytes, String name) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> items = new ArrayList<>(16);
    int len = bytes.length;
    // a UTF-8 byte-order mark (Windows editors write one) is not part of item 0
    int start = len >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    boolean ascii = true;
    for (int i = 0; i <= len; i++) {
      byte b = i < len ? bytes[i] : (byte) '\n';
      if (b == '\n') {
        if (i == len && start == len) {
          break;
        }
        if (items.size() == MAX_ITEMS) {
          throw PluginException.usage(FLAG + ": " + name + ": more than " + MAX_ITEMS + " items; " + LIMITS);
        }
        int end = i < len && i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        items.add(line(bytes, start, end, ascii, decoder, name, items.size() + 1));
        start = i + 1;
        ascii = true;
      } else if (b == 0) {
        throw PluginException.usage(FLAG + ": " + name + ": line " + (items.size() + 1) + ": contains a NUL character");
      } else if (b < 0) {
        ascii = false;
      }
    }
    return Collections.unmodifiableList(items);
  }

  private static String line(byte[] bytes, int start, int end, boolean ascii, CharsetDecoder decoder, String name,
      int lineNo) {
    if (start == end) {
      return "";
    }
    if (ascii) {
      return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }
    try {
      return decoder.reset().decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
    } catch (CharacterCodingException e) {
      throw PluginException.usage(FLAG + ": " + name + ": line " + lineNo + ": not valid UTF-8");
    }
  }
}
