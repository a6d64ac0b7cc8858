package io.github.kubectlindexed.output;

import java.time.Duration;

/** Short human durations, as kubectl prints them. */
public final class Durations {
  private Durations() {}

  /** Elapsed time to the second: {@code 7s}, {@code 1m5s}, {@code 2h0m3s}. */
  public static String elapsed(Duration d) {
    long s = Math.max(0, d.getSeconds());
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return h + "h" + m + "m" + sec + "s";
    }
    if (m > 0) {
      return m + "m" + sec + "s";
    }
    return sec + "s";
  }

  /** kubectl's AGE column: {@code 45s}, {@code 5m12s} under 10 minutes, {@code 3h}, {@code 2d}. */
  public static String age(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return m + "m" + (s % 60) + "s";
    }
    if (m < 60) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return h + "h" + (m % 60) + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    return (h / 24) + "d";
  }
}
