package io.github.kubectlindexed.wire;

import java.nio.charset.StandardCharsets;

/**
 * A reader of the protobuf wire format over a byte range: varints, length-delimited fields and skipping. It knows
 * no schema; {@link PodProto} names the fields. Malformed input throws {@link IllegalArgumentException}.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private int pos;
  private final int end;
  private int field;
  private int wireType;

  ProtoReader(byte[] buf, int from, int to) {
    if (from < 0 || to > buf.length || from > to) {
      throw new IllegalArgumentException("protobuf: range " + from + ".." + to + " outside " + buf.length + " bytes");
    }
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  /** Moves to the next field; false at the end of the range. */
  boolean next() {
    if (pos >= end) {
      return false;
    }
    long tag = varint();
    field = (int) (tag >>> 3);
    wireType = (int) (tag & 7);
    if (field <= 0) {
      throw new IllegalArgumentException("protobuf: field number " + field + " at byte " + pos);
    }
    return true;
  }

  int field() {
    return field;
  }

  long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new IllegalArgumentException("protobuf: truncated varint");
      }
      byte b = buf[pos++];
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("protobuf: varint longer than 10 bytes");
  }

  int int32() {
    expect(VARINT);
    return (int) varint();
  }

  long int64() {
    expect(VARINT);
    return varint();
  }

  boolean bool() {
    expect(VARINT);
    return varint() != 0;
  }

  /** A string field; the empty string (what Go writes for an unset non-pointer string) reads as null. */
  String string() {
    int len = length();
    String s = len == 0 ? null : new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** A nested message, as a reader over its bytes. */
  ProtoReader message() {
    int len = length();
    ProtoReader r = new ProtoReader(buf, pos, pos + len);
    pos += len;
    return r;
  }

  /**
   * A nested message of which only a prefix may be in the buffer (the start of a body still arriving): a reader
   * over the bytes that are there.
   */
  ProtoReader messagePrefix() {
    expect(LEN);
    long len = varint();
    if (len < 0) {
      throw new IllegalArgumentException("protobuf: field " + field + " claims " + len + " bytes");
    }
    int to = (int) Math.min(end, pos + len);
    ProtoReader r = new ProtoReader(buf, pos, to);
    pos = to;
    return r;
  }

  /** Skips the current field's value, whatever its type. */
  void skip() {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case LEN -> advance(length());
      case FIXED32 -> advance(4);
      default -> throw new IllegalArgumentException("protobuf: wire type " + wireType + " of field " + field);
    }
  }

  private int length() {
    expect(LEN);
    long len = varint();
    if (len < 0 || len > end - pos) {
      throw new IllegalArgumentException("protobuf: field " + field + " claims " + len + " bytes, "
          + (end - pos) + " left");
    }
    return (int) len;
  }

  private void advance(int n) {
    if (n > end - pos) {
      throw new IllegalArgumentException("protobuf: truncated field " + field);
    }
    pos += n;
  }

  private void expect(int type) {
    if (wireType != type) {
      throw new IllegalArgumentException("protobuf: field " + field + " has wire type " + wireType + ", expected "
          + type);
    }
  }
}
