package io.github.kubectlindexed.cli.options;

import io.github.kubectlindexed.PluginException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
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
 */
public final class ItemsReader {
  private static final String FLAG = "--items-file";

  private ItemsReader() {}

  /** Reads {@code file}, or {@code stdin} when it is {@code -}. */
  public static List<String> read(String file, InputStream stdin) {
    byte[] bytes;
    try {
      if ("-".equals(file)) {
        bytes = stdin.readAllBytes();
      } else {
        Path p = Path.of(file);
        if (Files.isDirectory(p)) {
          throw PluginException.usage(FLAG + ": " + file + ": is a directory");
        }
        bytes = Files.readAllBytes(p);
      }
    } catch (NoSuchFileException e) {
      throw PluginException.usage(FLAG + ": " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw PluginException.usage(FLAG + ": " + file + ": permission denied");
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw PluginException.usage(FLAG + ": " + file + ": cannot read: " + e.getMessage());
    }
    List<String> items = parse(bytes, file);
    if (items.isEmpty()) {
      throw PluginException.usage(FLAG + ": " + file + ": has no items (the file is empty)");
    }
    return items;
  }

  /** Splits UTF-8 bytes into items; {@code name} is used in messages. */
  public static List<String> parse(byte[] bytes, String name) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      throw PluginException.usage(FLAG + ": " + name + ": line " + lineAt(bytes, in.position()) + ": not valid UTF-8");
    }
    decoder.flush(out);
    char[] chars = out.array();
    int len = out.position();
    List<String> items = new ArrayList<>(Math.max(16, len / 64));
    int start = 0;
    for (int i = 0; i < len; i++) {
      char c = chars[i];
      if (c == '\n') {
        int end = i > start && chars[i - 1] == '\r' ? i - 1 : i;
        items.add(new String(chars, start, end - start));
        start = i + 1;
      } else if (c == 0) {
        throw PluginException.usage(FLAG + ": " + name + ": line " + (items.size() + 1) + ": contains a NUL character");
      }
    }
    if (start < len) {
      items.add(new String(chars, start, len - start));
    }
    return Collections.unmodifiableList(items);
  }

  private static int lineAt(byte[] bytes, int pos) {
    int line = 1;
    for (int i = 0; i < pos && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }
}
