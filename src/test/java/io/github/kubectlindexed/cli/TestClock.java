package io.github.kubectlindexed.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock for whole-command tests: it stands still, or moves by a fixed step at every reading. */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final Duration step;

  private TestClock(Instant start, Duration step) {
    this.now = new AtomicReference<>(start);
    this.step = step;
  }

  /** Always the same instant. */
  public static TestClock fixed(Instant at) {
    return new TestClock(at, Duration.ZERO);
  }

  /** Moves {@code step} forward at every reading, so a long timeout passes after a few readings. */
  public static TestClock stepping(Instant start, Duration step) {
    return new TestClock(start, step);
  }

  @Override
  public Instant instant() {
    return now.getAndUpdate(i -> i.plus(step));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
