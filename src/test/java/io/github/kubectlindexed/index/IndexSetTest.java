package io.github.kubectlindexed.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Job status' interval syntax ({@code status.completedIndexes}, {@code status.failedIndexes}). */
class IndexSetTest {

  private static List<Integer> members(IndexSet s) {
    return s.stream().boxed().collect(Collectors.toList());
  }

  private static List<Integer> list(String spaceSeparated) {
    if (spaceSeparated == null || spaceSeparated.isBlank()) {
      return List.of();
    }
    return Arrays.stream(spaceSeparated.trim().split(" +")).map(Integer::valueOf).collect(Collectors.toList());
  }

  /** text | members (ascending) | the controller's form that prints back. */
  @ParameterizedTest(name = "[{index}] \"{0}\" = [{1}], prints \"{2}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      0                   | 0                         | 0
      7                   | 7                         | 7
      3,4                 | 3 4                       | 3,4
      0-2                 | 0 1 2                     | 0-2
      0-2,4,7-9           | 0 1 2 4 7 8 9             | 0-2,4,7-9
      1,3-5,7             | 1 3 4 5 7                 | 1,3-5,7
      0,1,3,4             | 0 1 3 4                   | 0,1,3,4
      0-1                 | 0 1                       | 0,1
      2-2                 | 2                         | 2
      0,1,2               | 0 1 2                     | 0-2
      3,4,5,9,10          | 3 4 5 9 10                | 3-5,9,10
      4,3                 | 3 4                       | 3,4
      9,0-2,4             | 0 1 2 4 9                 | 0-2,4,9
      1,1                 | 1                         | 1
      0-5,2-3             | 0 1 2 3 4 5               | 0-5
      0-2,3-5             | 0 1 2 3 4 5               | 0-5
      0-1,2               | 0 1 2                     | 0-2
      ' 1 , 3 - 4 '       | 1 3 4                     | 1,3,4
      007                 | 7                         | 7
      99999,100000        | 99999 100000              | 99999,100000
      99997-99999         | 99997 99998 99999         | 99997-99999
      """)
  void parsesTheControllersFormsAndPrintsTheCanonicalOne(String text, String expected, String printed) {
    IndexSet s = IndexSet.parse(text);
    assertEquals(list(expected), members(s));
    assertEquals(list(expected).size(), s.size());
    assertEquals(printed, s.toString());
  }

  /** The controller's own output is a fixed point: parse then print gives back the same text. */
  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"0", "3,4", "0-2", "0-2,4,7-9", "1,3-5,7", "0,2,4,6", "0,1,3-5,7,8", "10-12,14,15,100-199",
      "0-99999"})
  void canonicalTextRoundTrips(String text) {
    assertEquals(text, IndexSet.parse(text).toString());
    assertEquals(IndexSet.parse(text), IndexSet.parse(IndexSet.parse(text).toString()));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t"})
  void nullOrBlankIsTheEmptySet(String text) {
    IndexSet s = IndexSet.parse(text);
    assertTrue(s.isEmpty());
    assertEquals(0, s.size());
    assertEquals(-1, s.max());
    assertEquals("", s.toString());
    assertSame(IndexSet.empty(), s);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      1,,2        | empty element in index set "1,,2"
      ','         | empty element in index set ","
      '1,'        | empty element in index set "1,"
      ',1'        | empty element in index set ",1"
      '1, ,2'     | empty element in index set "1, ,2"
      3-1         | range "3-1" runs backwards in index set "3-1"
      0-2,9-8     | range "9-8" runs backwards in index set "0-2,9-8"
      a           | "a" is not an index (a non-negative integer) in "a"
      1,x         | "x" is not an index (a non-negative integer) in "1,x"
      -1          | "-1" is not an index (a non-negative integer) in "-1"
      1-          | "" is not an index (a non-negative integer) in "1-"
      1--3        | "-3" is not an index (a non-negative integer) in "1--3"
      1-2-3       | "2-3" is not an index (a non-negative integer) in "1-2-3"
      +1          | "+1" is not an index (a non-negative integer) in "+1"
      1.5         | "1.5" is not an index (a non-negative integer) in "1.5"
      0x10        | "0x10" is not an index (a non-negative integer) in "0x10"
      1 2         | "1 2" is not an index (a non-negative integer) in "1 2"
      1234567890  | "1234567890" is not an index (a non-negative integer) in "1234567890"
      0-1234567890 | "1234567890" is not an index (a non-negative integer) in "0-1234567890"
      '٣'         | "٣" is not an index (a non-negative integer) in "٣"
      """)
  void malformedTextIsRefusedNamingTheBadPart(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndexSet.parse(text));
    assertEquals(message, e.getMessage());
  }

  @Test
  void ofAndRangeBuildTheSameSetsAsParse() {
    assertEquals(IndexSet.parse("3,4"), IndexSet.of(4, 3));
    assertEquals(IndexSet.parse("0-2"), IndexSet.range(3));
    assertEquals(IndexSet.parse("0,1"), IndexSet.range(2));
    assertEquals("0", IndexSet.range(1).toString());
    assertEquals("", IndexSet.range(0).toString());
    assertEquals("0-9999", IndexSet.range(10_000).toString());
    assertEquals("1,5", IndexSet.of(5, 1, 5).toString());
    assertEquals(IndexSet.empty(), IndexSet.of());
    assertEquals(IndexSet.parse("0-2").hashCode(), IndexSet.range(3).hashCode());
    assertNotEquals(IndexSet.parse("0-2"), IndexSet.parse("0-3"));
    assertNotEquals(IndexSet.parse("0"), "0");
  }

  @Test
  void ofRefusesANegativeIndex() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndexSet.of(2, -1));
    assertEquals("negative index -1", e.getMessage());
  }

  @Test
  void queries() {
    IndexSet s = IndexSet.parse("0-2,4,7-9");
    assertEquals(7, s.size());
    assertEquals(9, s.max());
    assertFalse(s.isEmpty());
    assertTrue(s.contains(0));
    assertTrue(s.contains(4));
    assertTrue(s.contains(9));
    assertFalse(s.contains(3));
    assertFalse(s.contains(10));
    assertFalse(s.contains(-1));
    assertFalse(s.contains(Integer.MIN_VALUE));
    assertEquals(List.of(0, 1, 2, 4, 7, 8, 9), members(s));
  }

  @ParameterizedTest(name = "[{index}] {0} ∪ {1} = {2}, {0} − {1} = {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      0-2      | 3,4      | 0-4        | 0-2
      0-9      | 3,4      | 0-9        | 0-2,5-9
      0-9      | 0-9      | 0-9        | ''
      ''       | 1        | 1          | ''
      1        | ''       | 1          | 1
      0,2,4    | 1,3      | 0-4        | 0,2,4
      0-4      | 1,3      | 0-4        | 0,2,4
      5-7      | 0-5      | 0-7        | 6,7
      """)
  void unionAndMinus(String a, String b, String union, String minus) {
    IndexSet x = IndexSet.parse(a);
    IndexSet y = IndexSet.parse(b);
    assertEquals(union, x.union(y).toString());
    assertEquals(minus, x.minus(y).toString());
    // the operands are left as they were
    assertEquals(IndexSet.parse(a), x);
    assertEquals(IndexSet.parse(b), y);
  }

  @ParameterizedTest(name = "[{index}] ({0}).atOrAbove({1}) = \"{2}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      0-9        | 0           | 0-9
      0-9        | 5           | 5-9
      0-9        | 8           | 8,9
      0-9        | 9           | 9
      0-9        | 10          | ''
      0-2,4,7-9  | 3           | 4,7-9
      0-9        | -5          | 0-9
      ''         | 0           | ''
      """)
  void atOrAbove(String set, int n, String expected) {
    IndexSet s = IndexSet.parse(set);
    assertEquals(expected, s.atOrAbove(n).toString());
    assertEquals(IndexSet.parse(set), s);
  }

  @Test
  void theEmptySetPrintsEmptyAndHasNoMax() {
    assertEquals("", IndexSet.empty().toString());
    assertEquals(-1, IndexSet.empty().max());
    assertEquals(0, IndexSet.empty().stream().count());
    assertEquals(IndexSet.empty(), IndexSet.parse("3").minus(IndexSet.parse("3")));
  }

  /**
   * A set is held by its runs, not by one bit per index: {@code --success-indexes 0-999999999} ran out of a 96 MiB
   * heap before validation could refuse it as out of range.
   */
  @Test
  void aHugeRangeTakesNoMemoryProportionalToItsIndexes() {
    IndexSet s = IndexSet.parse("0-999999999");
    assertEquals(1_000_000_000, s.size());
    assertEquals(999_999_999, s.max());
    assertTrue(s.contains(999_999_999));
    assertFalse(s.contains(1_000_000_000));
    assertEquals("0-999999999", s.toString());
    IndexSet holes = s.minus(IndexSet.parse("5,999999998"));
    assertEquals("0-4,6-999999997,999999999", holes.toString());
    assertEquals(999_999_998, holes.size());
    assertEquals(s, holes.union(IndexSet.of(999_999_998, 5)));
    assertEquals("999999990-999999999", s.atOrAbove(999_999_990).toString());
    assertEquals("0-999999999", IndexSet.parse("999999999,0-999999998").toString());
    assertEquals(List.of(0, 1, 2), s.stream().limit(3).boxed().collect(Collectors.toList()));
  }

  /** The runs behave as a BitSet of the same indexes would, for every operation. */
  @Test
  void operationsAgreeWithABitSet() {
    Random random = new Random(12);
    for (int round = 0; round < 2_000; round++) {
      BitSet a = randomBits(random);
      BitSet b = randomBits(random);
      IndexSet x = IndexSet.of(a.stream().toArray());
      IndexSet y = IndexSet.parse(text(b));
      assertEquals(members(a), members(x));
      assertEquals(a.cardinality(), x.size());
      assertEquals(a.length() - 1, x.max());
      for (int i = -1; i < 70; i++) {
        assertEquals(a.get(Math.max(i, 0)) && i >= 0, x.contains(i));
      }
      BitSet union = (BitSet) a.clone();
      union.or(b);
      assertEquals(members(union), members(x.union(y)));
      assertEquals(IndexSet.of(union.stream().toArray()), x.union(y));
      BitSet minus = (BitSet) a.clone();
      minus.andNot(b);
      assertEquals(members(minus), members(x.minus(y)));
      assertEquals(IndexSet.of(minus.stream().toArray()), x.minus(y));
      int n = random.nextInt(70);
      BitSet above = (BitSet) a.clone();
      above.clear(0, n);
      assertEquals(IndexSet.of(above.stream().toArray()), x.atOrAbove(n));
      assertEquals(x, IndexSet.parse(x.toString()));
    }
  }

  private static BitSet randomBits(Random random) {
    BitSet b = new BitSet();
    int n = random.nextInt(30);
    for (int k = 0; k < n; k++) {
      b.set(random.nextInt(64));
    }
    return b;
  }

  /** A BitSet as unsorted, overlapping parts: each index alone, and some runs again. */
  private static String text(BitSet b) {
    StringBuilder sb = new StringBuilder();
    b.stream().boxed().sorted((p, q) -> Integer.compare(q, p)).forEach(i -> sb.append(sb.length() > 0 ? "," : "")
        .append(i));
    for (int i = b.nextSetBit(0); i >= 0 && i + 1 < b.length(); i = b.nextSetBit(i + 1)) {
      if (b.get(i + 1)) {
        sb.append(',').append(i).append('-').append(i + 1);
      }
    }
    return sb.toString();
  }

  private static List<Integer> members(BitSet b) {
    return b.stream().boxed().collect(Collectors.toList());
  }
}
