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
  void aChangedPodTemplateIsOneLineSayingToDeleteTheJobFirst() {
    String dump = goDump("docker.io/library/busybox:1.37");
    assertTrue(dump.length() > 6000, "the server's dump is about 6 KB: " + dump.length());
    cluster.applyHook = req -> req.path().contains("/jobs/applied")
        ? invalid("Job", "batch", "applied", "spec.template", "Invalid value: " + dump + ": field is immutable")
        : null;
    CliRunner.Result r = cli.stdin(STREAM).run("apply", "-f", "-");
    assertEquals(new CliRunner.Result(4, "configmap/applied-items-0 serverside-applied\n",
        "error: job.batch/applied: spec.template cannot change once the Job exists: delete the Job first "
            + "(kubectl indexed delete applied), then apply\n"), r);
  }

  @Test
  void changedInlineItemsSayTheyArePartOfThePodTemplate() {
    client.batch().v1().jobs().inNamespace("test")
        .resource(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(STREAM_INLINE, Job.class)).create();
    cluster.applyHook = req -> req.path().contains("/jobs/inl")
        ? invalid("Job", "batch", "inl", "spec.template", "Invalid value: " + goDump("bar") + ": field is immutable")
        : null;
    CliRunner.Result r = cli.stdin(STREAM_INLINE.replace("'bar'", "'BAR'")).run("apply", "-f", "-");
    assertEquals(new CliRunner.Result(4, "", "error: job.batch/inl: the items are inline in the pod template, which "
        + "cannot change once the Job exists: delete the Job first (kubectl indexed delete inl), then apply\n"), r);
  }

  @Test
  void changedItemsInAConfigMapSayToDeleteTheJobFirst() {
    assertEquals(0, cli.stdin(STREAM).run("apply", "-f", "-").exit());
    cluster.applyHook = req -> req.path().contains("/configmaps/applied-items-0")
        ? invalid("ConfigMap", null, "applied-items-0", "data", "Forbidden: field is immutable when `immutable` is set")
        : null;
    CliRunner.Result r = cli.stdin(STREAM.replace("\"1\": bar", "\"1\": BAR")).run("apply", "-f", "-");
    assertEquals(new CliRunner.Result(4, "", "error: configmap/applied-items-0: the items cannot change once the Job "
        + "exists (item ConfigMaps are immutable): delete the Job first (kubectl indexed delete applied), then "
        + "apply\n"), r);
  }

  @Test
  void anImmutableConfigMapWithoutItsJobSaysToDeleteIt() {
    cluster.applyHook = req -> req.path().contains("/configmaps/applied-items-0")
        ? invalid("ConfigMap", null, "applied-items-0", "data", "Forbidden: field is immutable when `immutable` is set")
        : null;
    CliRunner.Result r = cli.stdin(STREAM).run("apply", "-f", "-");
    assertEquals(new CliRunner.Result(4, "", "error: configmap/applied-items-0: the items cannot change (item "
        + "ConfigMaps are immutable; this one outlived its Job): delete it first (kubectl indexed delete applied), "
        + "then apply\n"), r);
  }

  /** The stream of an init-style Job whose items travel inline in the init container's script. */
  static final String STREAM_INLINE = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: inl
        labels:
          app.kubernetes.io/managed-by: kubectl-indexed
      spec:
        completions: 2
        parallelism: 2
        completionMode: Indexed
        template:
          spec:
            restartPolicy: Never
            initContainers:
            - name: input
              image: docker.io/library/bash
              command: [bash, -c, "case \\"$$JOB_COMPLETION_INDEX\\" in\\n0) printf '%s\\\\n' 'foo' ;;\\n1) printf '%s\\\\n' 'bar' ;;\\nesac > '/input/data.txt'\\n"]
            containers:
            - name: worker
              image: docker.io/library/busybox
      """;

  /**
   * A pod template as the API server prints it in a validation error (Go's %#v of core.PodTemplateSpec): about 6 KB,
   * with quoted braces and colons inside.
   */
  static String goDump(String image) {
    StringBuilder containers = new StringBuilder();
    for (String name : new String[] {"input", "worker"}) {
      containers.append("core.Container{Name:\"").append(name).append("\", Image:\"").append(image)
          .append("\", Command:[]string{\"bash\", \"-c\", \"case \\\"$$JOB_COMPLETION_INDEX\\\" in\\n0) printf "
              + "'%s\\\\n' '{a: b}' ;;\\nesac > '/input/data.txt'\\n\"}, Args:[]string(nil), WorkingDir:\"\", "
              + "Ports:[]core.ContainerPort(nil), EnvFrom:[]core.EnvFromSource(nil), Env:[]core.EnvVar{core.EnvVar{"
              + "Name:\"JOB_COMPLETION_INDEX\", Value:\"\", ValueFrom:(*core.EnvVarSource)(0xc00a1b2c30)}}, "
              + "Resources:core.ResourceRequirements{Limits:core.ResourceList(nil), Requests:core.ResourceList(nil), "
              + "Claims:[]core.ResourceClaim(nil)}, ResizePolicy:[]core.ContainerResizePolicy(nil), "
              + "RestartPolicy:(*core.ContainerRestartPolicy)(nil), VolumeMounts:[]core.VolumeMount{core.VolumeMount{"
              + "Name:\"input\", ReadOnly:false, RecursiveReadOnly:(*core.RecursiveReadOnlyMode)(nil), "
              + "MountPath:\"/input\", SubPath:\"\", MountPropagation:(*core.MountPropagationMode)(nil), "
              + "SubPathExpr:\"\"}}, VolumeDevices:[]core.VolumeDevice(nil), LivenessProbe:(*core.Probe)(nil), "
              + "ReadinessProbe:(*core.Probe)(nil), StartupProbe:(*core.Probe)(nil), Lifecycle:(*core.Lifecycle)(nil), "
              + "TerminationMessagePath:\"/dev/termination-log\", TerminationMessagePolicy:\"File\", "
              + "ImagePullPolicy:\"IfNotPresent\", SecurityContext:(*core.SecurityContext)(nil), Stdin:false, "
              + "StdinOnce:false, TTY:false}, ");
    }
    StringBuilder sb = new StringBuilder("core.PodTemplateSpec{ObjectMeta:v1.ObjectMeta{Name:\"\", GenerateName:\"\", "
        + "Namespace:\"\", SelfLink:\"\", UID:\"\", ResourceVersion:\"\", Generation:0, CreationTimestamp:time.Date(1, "
        + "time.January, 1, 0, 0, 0, 0, time.UTC), DeletionTimestamp:<nil>, DeletionGracePeriodSeconds:(*int64)(nil), "
        + "Labels:map[string]string{\"batch.kubernetes.io/controller-uid\":\"5f0c3a9e-6c43-4b8e-9d51-0f3c2b1a7e44\", "
        + "\"batch.kubernetes.io/job-name\":\"applied\", \"controller-uid\":\"5f0c3a9e-6c43-4b8e-9d51-0f3c2b1a7e44\", "
        + "\"job-name\":\"applied\"}, Annotations:map[string]string{\"kubectl.kubernetes.io/default-container\":"
        + "\"worker\"}, OwnerReferences:[]v1.OwnerReference(nil), Finalizers:[]string(nil), "
        + "ManagedFields:[]v1.ManagedFieldsEntry(nil)}, Spec:core.PodSpec{Volumes:[]core.Volume{core.Volume{"
        + "Name:\"input\", VolumeSource:core.VolumeSource{HostPath:(*core.HostPathVolumeSource)(nil), "
        + "EmptyDir:(*core.EmptyDirVolumeSource)(0xc00b3e1d40)}}}, InitContainers:[]core.Container{");
    sb.append(containers);
    for (int k = 0; sb.length() < 6200; k++) {
      sb.append("EphemeralContainers:[]core.EphemeralContainer(nil), RestartPolicy:\"Never\", "
          + "TerminationGracePeriodSeconds:(*int64)(0xc00c4f2e50), ActiveDeadlineSeconds:(*int64)(nil), "
          + "DNSPolicy:\"ClusterFirst\", NodeSelector:map[string]string(nil), ServiceAccountName:\"\", "
          + "AutomountServiceAccountToken:(*bool)(nil), NodeName:\"\", SecurityContext:(*core.PodSecurityContext)("
          + "0xc00d5a3f60), ImagePullSecrets:[]core.LocalObjectReference(nil), Hostname:\"\", Subdomain:\"\", "
          + "SetHostnameAsFQDN:(*bool)(nil), Affinity:(*core.Affinity)(nil), SchedulerName:\"default-scheduler\", "
          + "Tolerations:[]core.Toleration(nil), HostAliases:[]core.HostAlias(nil), PriorityClassName:\"\", ");
    }
    return sb.append("Priority:(*int32)(nil)}}").toString();
  }

  /** The API server's 422 answer as it sends it: the aggregated message and one cause per field. */
  private static io.fabric8.mockwebserver.http.MockResponse invalid(String kind, String group, String name,
      String field, String error) {
    String qualified = group == null ? kind : kind + "." + group;
    io.fabric8.kubernetes.api.model.Status st = new io.fabric8.kubernetes.api.model.StatusBuilder()
        .withStatus("Failure").withCode(422).withReason("Invalid")
        .withMessage(qualified + " \"" + name + "\" is invalid: " + field + ": " + error)
        .withNewDetails().withName(name).withGroup(group).withKind(kind)
        .addNewCause().withReason(error.startsWith("Forbidden") ? "FieldValueForbidden" : "FieldValueInvalid")
        .withMessage(error).withField(field).endCause().endDetails().build();
    return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(422)
        .setHeader("Content-Type", "application/json")
        .setBody(io.fabric8.kubernetes.client.utils.Serialization.asJson(st));
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
