package io.github.kubectlindexed.index;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IndexMapTest {
  @Test
  void newIndexJRunsTheJthOriginal() {
    IndexMap m = IndexMap.of(IndexSet.parse("3,4,7-9,12"));
    assertEquals(6, m.size());
    int[] originals = {3, 4, 7, 8, 9, 12};
    for (int j = 0; j < originals.length; j++) {
      assertEquals(originals[j], m.original(j));
      assertEquals(j, m.newIndex(originals[j]));
    }
    assertEquals(-1, m.newIndex(5));
    assertEquals(-1, m.newIndex(13));
    assertEquals("3,4,7-9,12", m.toString());
  }

  @Test
  void newIndexSetsTranslateBack() {
    IndexMap m = IndexMap.of(IndexSet.parse("10-14,20"));
    assertEquals(IndexSet.parse("10,12,20"), m.originalsOf(IndexSet.parse("0,2,5")));
    assertEquals(IndexSet.empty(), m.originalsOf(IndexSet.parse("6,9")), "beyond the map: nothing");
  }

  @Test
  void theAnnotationIsReadBackOrIgnored() {
    assertEquals(IndexSet.parse("1,5-7"), IndexMap.parse("1,5-7").originals());
    assertNull(IndexMap.parse(null));
    assertNull(IndexMap.parse("1,x"));
  }
}
