package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.PluginException;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A bounded retry of one request through a short outage (an apiserver restart): used only once the cluster has
 * answered, so a cluster that never answered is still said at once. Backs off from 200 ms to 2 s, for at most
 * {@link #WINDOW} in all; a failure the server means (404, 409, 422, ...) is thrown at once.
 */
public final class Transient {
  /** How long a request is retried through an outage before its failure is given up on. */
  public static final Duration WINDOW = Duration.ofSeconds(45);

  private Transient() {}

  /** Runs {@code call}, retrying transient failures for up to {@link #WINDOW}. */
  public static <T> T retry(Supplier<T> call) {
    return retry(call, WINDOW, () -> false);
  }

  /**
   * Runs {@code call}, retrying transient failures for up to {@code window}; stops retrying (throws the last failure)
   * as soon as {@code cancelled} says so.
   */
  public static <T> T retry(Supplier<T> call, Duration window, BooleanSupplier cancelled) {
    long end = System.nanoTime() + window.toNanos();
    long backoff = 200;
    while (true) {
      try {
        return call.get();
      } catch (PluginException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!ApiErrors.transientFailure(e) || cancelled.getAsBoolean() || System.nanoTime() + backoff * 1_000_000L > end) {
          throw e;
        }
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw PluginException.interrupted();
      }
      backoff = Math.min(2000, backoff * 2);
    }
  }

  /** Runs {@code call} with retries, for calls that return nothing. */
  public static void run(Runnable call) {
    retry(() -> {
      call.run();
      return null;
    });
  }
}
