package io.github.kubectlindexed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

/** {@link JobState#time}: the digit-by-digit path agrees with {@link Instant#parse}, and what neither takes is null. */
class JobStateTimeTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-29T06:16:47Z", "1970-01-01T00:00:01Z", "2024-02-29T23:59:59Z",
      "2000-12-31T00:00:00Z", "2026-11-29T06:16:47.123Z", "2026-11-29T06:16:47+02:00"})
  void agreesWithInstantParse(String text) {
    Instant expected = java.time.OffsetDateTime.parse(text).toInstant();
    assertEquals(expected, JobState.time(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
      "2026-11-29T06:60:00Z", "2026-11-29 06:16:47Z", "2026-1x-29T06:16:47Z", "", "now"})
  void refusesWhatIsNotATime(String text) {
    assertNull(JobState.time(text));
  }
}
