package io.github.kubectlindexed.output;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TableTest {
  @Test
  void columnsArePaddedWithoutTrailingSpaces() {
    StringWriter sw = new StringWriter();
    new Table("INDEX", "STATE", "EXIT").row(0, "Succeeded", 0).row(12, "Pending", null).print(new PrintWriter(sw));
    assertEquals("INDEX   STATE       EXIT\n0       Succeeded   0\n12      Pending\n", sw.toString());
  }

  @Test
  void durations() {
    assertEquals("0s", Durations.elapsed(Duration.ZERO));
    assertEquals("1m5s", Durations.elapsed(Duration.ofSeconds(65)));
    assertEquals("2h0m3s", Durations.elapsed(Duration.ofSeconds(7203)));
    assertEquals("45s", Durations.age(Duration.ofSeconds(45)));
    assertEquals("5m12s", Durations.age(Duration.ofSeconds(312)));
    assertEquals("42m", Durations.age(Duration.ofMinutes(42)));
    assertEquals("3h5m", Durations.age(Duration.ofMinutes(185)));
    assertEquals("20h", Durations.age(Duration.ofHours(20)));
    assertEquals("3d", Durations.age(Duration.ofHours(73)));
  }
}
