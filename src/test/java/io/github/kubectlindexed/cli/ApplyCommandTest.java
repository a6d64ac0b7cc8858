package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kubectlindexed.cluster.MockCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplyCommandTest extends MockClusterCommandTest {
  static final String STREAM = """
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: applied-items-0
        labels:
          app.kubernetes.io/managed-by: kubectl-indexed
          kubectl-indexed.io/job-name: applied
      data:
        "0": foo
        "1": bar
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: applied
        labels:
          app.kubernetes.io/managed-by: kubectl-indexed
      spec:
        completions: 2
        parallelism: 2
        completionMode: Indexed
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: worker
              image: docker.io/library/busybox
      """;

  private List<MockCluster.Req> applies() {
    return cluster.requests("PATCH", "/namespaces/test/").stream()
        .filter(r -> String.valueOf(r.contentType()).startsWith("application/apply-patch")).toList();
  }

  @Test
  void serverSideAppliesWithItsFieldManagerAndOwnsTheConfigMaps() {
    CliRunner.Result r = cli.stdin(STREAM).run("apply", "-f", "-");
    assertEquals(new CliRunner.Result(0,
        "configmap/applied-items-0 serverside-applied\njob.batch/applied serverside-applied\n", ""), r);
    Job job = client.batch().v1().jobs().inNamespace("test").withName("applied").get();
    ConfigMap cm = client.configMaps().inNamespace("test").withName("applied-items-0").get();
    assertEquals(job.getMetadata().getUid(), cm.getMetadata().getOwnerReferences().get(0).getUid());
    List<MockCluster.Req> sent = applies();
    assertEquals(3, sent.size(), "ConfigMap, Job, then the ConfigMap with its owner");
    for (MockCluster.Req x : sent) {
      assertTrue(x.path().contains("fieldManager=kubectl-indexed"), x.path());
      assertFalse(x.path().contains("force=true"), x.path());
    }
  }

  @Test
  void applyingTheSameStreamAgainKeepsTheOwner() {
    assertEquals(0, cli.stdin(STREAM).run("apply", "-f", "-").exit());
    String uid = client.batch().v1().jobs().inNamespace("test").withName("applied").get().getMetadata().getUid();
    int before = applies().size();
    CliRunner.Result again = cli.stdin(STREAM).run("apply", "-f", "-");
    assertEquals(0, again.exit());
    List<MockCluster.Req> second = applies().subList(before, applies().size());
    assertEquals(2, second.size(), "the ConfigMap (already with its owner) and the Job");
    assertTrue(second.get(0).body().contains(uid), "the ConfigMap is applied with its owner from the start: "
        + second.get(0).path() + " " + second.get(0).body() + " uid " + uid);
    assertEquals(uid, client.configMaps().inNamespace("test").withName("applied-items-0").get().getMetadata()
        .getOwnerReferences().get(0).getUid());
  }

  @Test
  void serverDryRunKeepsNothing() {
    CliRunner.Result r = cli.stdin(STREAM).run("apply", "-f", "-", "--dry-run=server");
    assertEquals(new CliRunner.Result(0, "configmap/applied-items-0 serverside-applied (server dry run)\n"
        + "job.batch/applied serverside-applied (server dry run)\n", ""), r);
    assertTrue(applies().stream().allMatch(x -> x.path().contains("dryRun=All")));
    assertNull(client.batch().v1().jobs().inNamespace("test").withName("applied").get());
  }

  @Test
  void anImmutableChangeSaysToDeleteTheJobFirst() {
    cluster.applyHook = req -> req.path().contains("/jobs/applied")
        ? statusResponse(422, "Job.batch \"applied\" is invalid: spec.template: Invalid value: ...: field is immutable")
        : null;
    CliRunner.Result r = cli.stdin(STREAM).run("apply", "-f", "-");
    assertEquals(4, r.exit());
    assertEquals("configmap/applied-items-0 serverside-applied\n", r.out());
    assertEquals("error: job.batch/applied: Job.batch \"applied\" is invalid: spec.template: Invalid value: ...: "
        + "field is immutable; a Job's pod template and most of its spec cannot change once it exists: delete the "
        + "Job first (kubectl indexed delete applied), then apply\n", r.err());
  }

  private static io.fabric8.mockwebserver.http.MockResponse statusResponse(int code, String message) {
    return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code
            + ",\"reason\":\"Invalid\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
  }

  @Test
  void badInputIsExit2WithoutTouchingTheCluster() {
    CliRunner offline = CliRunner.offline();
    assertEquals(new CliRunner.Result(2, "", "error: -f (stdin): expected exactly one Job, found 0\n"),
        offline.stdin("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n").run("apply", "-f", "-"));
    assertEquals(new CliRunner.Result(2, "",
        "error: -f (stdin): apply takes an Indexed Job and its ConfigMaps, not service/s\n"),
        offline.stdin("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n").run("apply", "-f", "-"));
    assertEquals(new CliRunner.Result(2, "", "error: job/applied is not an Indexed Job (completionMode: NonIndexed)\n"),
        offline.stdin(STREAM.replace("completionMode: Indexed", "completionMode: NonIndexed")).run("apply", "-f", "-"));
    assertEquals(2, offline.run("apply", "-f", "/nonexistent/file.yaml").exit());
    assertEquals(2, offline.stdin(STREAM).run("apply", "-f", "-", "--dry-run=client").exit());
    assertEquals(2, offline.stdin(STREAM.replace("name: applied\n", "name: applied\n  namespace: prod\n"))
        .run("apply", "-f", "-", "-n", "test").exit());
    assertEquals(2, offline.run("apply").exit());
    assertEquals(0, offline.connects.get());
  }
}
