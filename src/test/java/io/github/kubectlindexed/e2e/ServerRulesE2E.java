package io.github.kubectlindexed.e2e;

import io.github.kubectlindexed.manifest.ValidationBypass;
import io.github.kubectlindexed.testbed.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The differential proof of the plugin's mirror of the API server's Job and pod rules (issue 12, section 4). For each
 * rule: a case the plugin refuses (exit 2, one line naming the flag, nothing sent) that the real API server refuses
 * too when the plugin's own checks are switched off by the test-only hook ({@link ValidationBypass}) and the request
 * is sent with {@code --dry-run=server} (exit 4, the server's "is invalid" line naming the field); and the boundary
 * case next to it, which both accept (a server dry run at exit 0 with the checks on).
 */
class ServerRulesE2E {
  private static String ns;

  @BeforeAll
  static void namespace() {
    ns = Testbed.namespace("rules");
  }

  /** rule, the flag the plugin's line names, the field the server's line names, refused flags, boundary flags. */
  static Stream<Arguments> rules() {
    String blpi = "--backoff-limit-per-index=1";
    return Stream.of(
        rule("completions above 100,000 with a backoff limit per index need --max-failed-indexes",
            "--max-failed-indexes", "spec.maxFailedIndexes",
            List.of("--completions=100001", blpi), List.of("--completions=100000", blpi)),
        rule("parallelism at most 10,000 with over 100,000 completions and per-index limits",
            "--parallelism", "spec.parallelism",
            List.of("--completions=100001", blpi, "--max-failed-indexes=5", "--parallelism=10001"),
            List.of("--completions=100001", blpi, "--max-failed-indexes=5", "--parallelism=10000")),
        rule("max failed indexes at most 10,000 with over 100,000 completions",
            "--max-failed-indexes", "spec.maxFailedIndexes",
            List.of("--completions=100001", blpi, "--max-failed-indexes=10001"),
            List.of("--completions=100001", blpi, "--max-failed-indexes=10000")),
        rule("max failed indexes at most completions", "--max-failed-indexes", "spec.maxFailedIndexes",
            List.of("--completions=3", blpi, "--max-failed-indexes=4"),
            List.of("--completions=3", blpi, "--max-failed-indexes=3")),
        rule("parallelism of an Indexed Job at most 100,000", "--parallelism", "spec.parallelism",
            List.of("--completions=3", "--parallelism=100001"), List.of("--completions=3", "--parallelism=100000")),
        rule("FailIndex needs a backoff limit per index", "--fail-index-on-exit-codes", "spec.podFailurePolicy",
            List.of("--completions=3", "--fail-index-on-exit-codes=3"),
            List.of("--completions=3", "--fail-index-on-exit-codes=3", blpi)),
        rule("success count at most completions", "--success-count", "spec.successPolicy",
            List.of("--completions=3", "--success-count=4"), List.of("--completions=3", "--success-count=3")),
        rule("success indexes below completions", "--success-indexes", "spec.successPolicy",
            List.of("--completions=3", "--success-indexes=0-3"),
            List.of("--completions=3", "--success-indexes=0-2")),
        rule("a resource name is a standard or extended resource", "--requests", "resources.requests[gpu]",
            List.of("--completions=3", "--requests=gpu=1"),
            List.of("--completions=3", "--requests=nvidia.com/gpu=1", "--limits=nvidia.com/gpu=1")),
        rule("a request at most its limit", "--requests", "resources.requests",
            List.of("--completions=3", "--requests=cpu=2", "--limits=cpu=1"),
            List.of("--completions=3", "--requests=cpu=1", "--limits=cpu=1")),
        rule("an extended resource's request equals its limit", "--requests", "resources.requests",
            List.of("--completions=3", "--requests=nvidia.com/gpu=1", "--limits=nvidia.com/gpu=2"),
            List.of("--completions=3", "--requests=nvidia.com/gpu=2", "--limits=nvidia.com/gpu=2")),
        rule("an extended resource is a whole number", "--requests", "resources.requests",
            List.of("--completions=3", "--requests=example.com/foo=500m", "--limits=example.com/foo=500m"),
            List.of("--completions=3", "--requests=example.com/foo=1", "--limits=example.com/foo=1")),
        rule("a job-name label names the Job", "--labels", "spec.template.metadata.labels",
            List.of("--completions=3", "--labels=batch.kubernetes.io/job-name=other"),
            List.of("--completions=3", "--labels=batch.kubernetes.io/job-name=rule")),
        rule("a service account name is a DNS subdomain", "--service-account", "serviceAccountName",
            List.of("--completions=3", "--service-account=Bad_SA"),
            List.of("--completions=3", "--service-account=a.b-c")));
  }

  /**
   * Rules the plugin keeps although the API server (v1.36) does not: a differential finding, asserted so that a change
   * on either side is seen. The server accepts {@code backoffLimitPerIndex} with restartPolicy OnFailure (where no pod
   * ever fails, so the limit never applies) and {@code activeDeadlineSeconds: 0} (the Job fails at once).
   */
  static Stream<Arguments> stricterThanTheServer() {
    String blpi = "--backoff-limit-per-index=1";
    return Stream.of(
        rule("a backoff limit per index needs restartPolicy Never", "--backoff-limit-per-index",
            "spec.backoffLimitPerIndex",
            List.of("--completions=3", blpi, "--restart-policy=OnFailure"),
            List.of("--completions=3", blpi, "--restart-policy=Never")),
        rule("active deadline positive", "--active-deadline-seconds", "spec.activeDeadlineSeconds",
            List.of("--completions=3", "--active-deadline-seconds=0"),
            List.of("--completions=3", "--active-deadline-seconds=1")));
  }

  private static Arguments rule(String what, String flag, String field, List<String> refused, List<String> boundary) {
    return Arguments.of(what, flag, field, refused, boundary);
  }

  private static Proc.Result create(boolean bypass, List<String> flags, String dryRun) {
    List<String> cmd = new ArrayList<>(List.of(Testbed.PLUGIN.toString(), "create", "rule",
        "--kubeconfig=" + Testbed.kubeconfig(), "--namespace=" + ns, "--image=docker.io/library/busybox"));
    cmd.addAll(flags);
    if (dryRun != null) {
      cmd.add("--dry-run=" + dryRun);
      cmd.add("-o=name");
    }
    return Testbed.exec(cmd, bypass ? Map.of(ValidationBypass.ENV, "1") : Map.of(), null, Duration.ofMinutes(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void theMirrorRefusesWhatTheServerRefusesAndAcceptsItsBoundary(String what, String flag, String field,
      List<String> refused, List<String> boundary) {
    Proc.Result mine = create(false, refused, "server");
    assertEquals(2, mine.exit(), mine::toString);
    assertEquals("", mine.out(), mine::toString);
    assertEquals(1, mine.err().lines().count(), mine::toString);
    assertTrue(mine.err().startsWith("error: " + flag), mine::toString);

    Proc.Result server = create(true, refused, "server");
    assertEquals(4, server.exit(), server::toString);
    assertEquals(1, server.err().lines().count(), server::toString);
    assertTrue(server.err().startsWith("error: ") && server.err().contains("is invalid")
        && server.err().contains(field), server::toString);

    Proc.Result both = create(false, boundary, "server");
    assertEquals(0, both.exit(), both::toString);
    assertEquals("job.batch/rule\n", both.out(), both::toString);

    assertTrue(Testbed.client().batch().v1().jobs().inNamespace(ns).list().getItems().isEmpty(), "dry runs only");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stricterThanTheServer")
  void theMirrorIsStricterThanTheServerHere(String what, String flag, String field, List<String> refused,
      List<String> boundary) {
    Proc.Result mine = create(false, refused, "server");
    assertEquals(2, mine.exit(), mine::toString);
    assertTrue(mine.err().startsWith("error: " + flag), mine::toString);
    Proc.Result server = create(true, refused, "server");
    assertEquals(0, server.exit(), server::toString);
    assertEquals("job.batch/rule\n", server.out(), server::toString);
    Proc.Result both = create(false, boundary, "server");
    assertEquals(0, both.exit(), both::toString);
  }
}
