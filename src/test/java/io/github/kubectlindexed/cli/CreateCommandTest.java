package io.github.kubectlindexed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole {@code create} commands through {@code CommandLine.execute}: exact stdout, stderr and exit code. */
@EnableKubernetesMockClient(crud = true)
class CreateCommandTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  static final String NOTE_INIT =
      "using the tutorial's values (name indexed-job, 5 items, init style); pass --image to set your own\n";
  static final String NOTE_ENV =
      "using the tutorial's values (name indexed-job, 5 items, env style); pass --image to set your own\n";

  private CliRunner mock() {
    return CliRunner.mock(server::createClient, "test");
  }

  @Test
  void bareCreateDryRunPrintsTheTutorialJobName() {
    CliRunner.Result r = CliRunner.offline().run("create", "--dry-run=client");
    assertEquals(new CliRunner.Result(0, "job.batch/indexed-job created (dry run)\n", NOTE_INIT), r);
  }

  @Test
  void bareDryRunMeansClientAndTheNextWordIsTheName() {
    CliRunner.Result r = CliRunner.offline().run("create", "--dry-run", "mine", "-o", "name");
    assertEquals(new CliRunner.Result(0, "job.batch/mine\n",
        "using the tutorial's values (name mine, 5 items, init style); pass --image to set your own\n"), r);
  }

  @Test
  void envStylePrintsTheConfigMapFirst() {
    CliRunner.Result r = CliRunner.offline().run("create", "--style", "env", "--dry-run=client", "-o", "name");
    assertEquals(new CliRunner.Result(0, "configmap/indexed-job-items-0\njob.batch/indexed-job\n", NOTE_ENV), r);
  }

  @Test
  void jsonOfSeveralObjectsIsAList() throws Exception {
    CliRunner.Result r = CliRunner.offline().run("create", "--style=env", "--dry-run=client", "-o", "json");
    assertEquals(0, r.exit());
    JsonNode list = new ObjectMapper().readTree(r.out());
    assertEquals("List", list.get("kind").asText());
    assertEquals("ConfigMap", list.at("/items/0/kind").asText());
    assertEquals("xyz", list.at("/items/0/data/4").asText());
    assertEquals("Job", list.at("/items/1/kind").asText());
    assertEquals(List.of("rev", "/items/$(JOB_COMPLETION_INDEX)"),
        List.of(list.at("/items/1/spec/template/spec/containers/0/command/0").asText(),
            list.at("/items/1/spec/template/spec/containers/0/command/1").asText()));
  }

  @Test
  void namespaceIsWrittenOnlyWithDashN() {
    CliRunner.Result without = CliRunner.offline().run("create", "--style=env", "--dry-run=client", "-o", "yaml");
    assertFalse(without.out().contains("namespace:"), without.out());
    CliRunner.Result with = CliRunner.offline().run("create", "--style=env", "--dry-run=client", "-o", "yaml",
        "-n", "team-a");
    assertEquals(2, with.out().split("\n  namespace: team-a\n", -1).length - 1, with.out());
  }

  @Test
  void userImageTakesNothingFromTheTutorial() throws Exception {
    CliRunner.Result r = CliRunner.offline().run("create", "shard", "--image", "alpine:3", "--completions", "4",
        "--dry-run=client", "-o", "json", "--", "sh", "-c", "echo $(JOB_COMPLETION_INDEX) of $JOB_COMPLETIONS");
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    JsonNode job = new ObjectMapper().readTree(r.out());
    assertEquals("shard", job.at("/metadata/name").asText());
    assertEquals(4, job.at("/spec/completions").asInt());
    assertTrue(job.at("/spec/parallelism").isMissingNode());
    JsonNode worker = job.at("/spec/template/spec/containers/0");
    assertEquals("alpine:3", worker.get("image").asText());
    assertEquals("echo $(JOB_COMPLETION_INDEX) of $JOB_COMPLETIONS", worker.at("/command/2").asText());
    assertTrue(job.at("/spec/template/spec/volumes").isMissingNode());
  }

  @Test
  void itemsFromStdinAndDashItems() throws Exception {
    CliRunner.Result r = CliRunner.offline().stdin("a\r\n\nc\n").run("create", "j", "--image", "busybox",
        "--items-file", "-", "--dry-run=client", "-o", "json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(3, new ObjectMapper().readTree(r.out()).at("/spec/completions").asInt());
    CliRunner.Result dash = CliRunner.offline().run("create", "j", "--image", "busybox", "--item=-n",
        "--item=$(JOB_COMPLETION_INDEX)", "--dry-run=client", "-o", "name");
    assertEquals(new CliRunner.Result(0, "job.batch/j\n", ""), dash);
  }

  @Test
  void createsTheObjectsAndPrintsWhatWasCreated() {
    CliRunner runner = mock();
    CliRunner.Result r = runner.run("create", "--style", "env");
    assertEquals(new CliRunner.Result(0, "configmap/indexed-job-items-0 created\njob.batch/indexed-job created\n",
        NOTE_ENV), r);
    Job job = client.batch().v1().jobs().inNamespace("test").withName("indexed-job").get();
    ConfigMap cm = client.configMaps().inNamespace("test").withName("indexed-job-items-0").get();
    assertEquals(job.getMetadata().getUid(), cm.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals("kubectl-indexed", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));

    CliRunner.Result again = runner.run("create", "--style", "env");
    assertEquals(new CliRunner.Result(4, "", NOTE_ENV + "error: jobs.batch \"indexed-job\" already exists\n"), again);
  }

  @Test
  void createsInTheNamespaceOfDashN() {
    CliRunner.Result r = mock().run("create", "-n", "other");
    assertEquals(new CliRunner.Result(0, "job.batch/indexed-job created\n", NOTE_INIT), r);
    assertTrue(client.batch().v1().jobs().inNamespace("other").withName("indexed-job").get() != null);
  }

  @Test
  void serverDryRunSaysSo() throws Exception {
    CliRunner.Result r = mock().run("create", "--style=env", "--dry-run=server", "-n", "dry");
    assertEquals(new CliRunner.Result(0,
        "configmap/indexed-job-items-0 created (server dry run)\njob.batch/indexed-job created (server dry run)\n",
        NOTE_ENV), r);
    assertTrue(server.getLastRequest().getPath().contains("dryRun=All"));
  }

  static Stream<Arguments> badInputs() {
    String long60 = "a".repeat(61);
    return Stream.of(
        bad("NAME: required when --image is given (create NAME --image IMAGE [-- COMMAND...])",
            "--image", "busybox", "--completions", "2"),
        bad("NAME: Bad_Name: must be a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and"
            + " ending with a letter or digit", "Bad_Name"),
        bad("NAME: " + long60 + ": too long for 100 completions: the pod hostname \"" + long60 + "-99\" must be at"
            + " most 63 characters", long60, "--image", "x", "--completions", "100"),
        bad("--image: \"\": must not be empty", "j", "--image=", "--completions", "1"),
        bad("--completions: required when there are no items (--items, --item or --items-file)", "j", "--image", "x"),
        bad("--completions: 0: must be at least 1", "j", "--image", "x", "--completions", "0"),
        bad("--completions: 3: there are 2 items; completions must equal the number of items (or leave --completions"
            + " out)", "j", "--image", "x", "--items", "a,b", "--completions", "3"),
        bad("--parallelism: -1: must not be negative", "--parallelism", "-1"),
        bad("--parallelism: 100001: must be at most 100000 for an Indexed Job", "--parallelism", "100001"),
        bad("--backoff-limit: -1: must not be negative", "--backoff-limit", "-1"),
        bad("--backoff-limit-per-index: -2: must not be negative", "--backoff-limit-per-index", "-2"),
        bad("--backoff-limit-per-index: 1: needs --restart-policy Never (is OnFailure)",
            "--backoff-limit-per-index", "1", "--restart-policy", "OnFailure"),
        bad("--fail-index-on-exit-codes: 42: needs --restart-policy Never (is OnFailure)",
            "--fail-index-on-exit-codes", "42", "--restart-policy", "OnFailure"),
        bad("--fail-index-on-exit-codes: 42: needs --backoff-limit-per-index (the FailIndex action exists only with"
            + " it)", "--fail-index-on-exit-codes", "42"),
        bad("--fail-index-on-exit-codes: 4,x: not a list of exit codes (e.g. 3,42)",
            "--fail-index-on-exit-codes", "4,x"),
        bad("--fail-index-on-exit-codes: 0: exit code 0 means success and cannot fail an index",
            "--fail-index-on-exit-codes", "0", "--backoff-limit-per-index", "1"),
        bad("--max-failed-indexes: 2: needs --backoff-limit-per-index", "--max-failed-indexes", "2"),
        bad("--max-failed-indexes: 6: must not exceed completions (5)",
            "--max-failed-indexes", "6", "--backoff-limit-per-index", "1"),
        bad("--max-failed-indexes: -1: must not be negative",
            "--max-failed-indexes", "-1", "--backoff-limit-per-index", "1"),
        bad("--success-count: 6: must be between 1 and completions (5)", "--success-count", "6"),
        bad("--success-indexes: 0-5: index 5 is out of range for 5 completions (0-4)", "--success-indexes", "0-5"),
        bad("--success-indexes: 0,x: \"x\" is not an index (a non-negative integer) in \"0,x\"",
            "--success-indexes", "0,x"),
        bad("--success-count: 3: must not exceed the number of --success-indexes (2)",
            "--success-indexes", "0-1", "--success-count", "3"),
        bad("--input-path: data.txt: must be an absolute path", "--input-path", "data.txt"),
        bad("--input-path: /data.txt: must be a file in a directory, e.g. /input/data.txt", "--input-path", "/data.txt"),
        bad("--input-path: /items/x: must not be under /items, where the items are mounted", "--input-path", "/items/x"),
        bad("--env: 1X=2: \"1X\" is not a valid variable name (letters, digits and '_', not starting with a digit)",
            "--env", "1X=2"),
        bad("--env: FOO: must be NAME=VALUE", "--env", "FOO"),
        bad("--env: JOB_COMPLETION_INDEX=3: JOB_COMPLETION_INDEX is set by kubectl indexed",
            "--env", "JOB_COMPLETION_INDEX=3"),
        bad("--style: downward: takes no items (the pod reads its index from /input/data.txt); drop --items",
            "--style", "downward", "--items", "a,b"),
        bad("--items-mode: inline: the env style reads items only from ConfigMap files under /items (use auto or"
            + " configmap)", "--style", "env", "--items-mode", "inline"),
        bad("--style: init: needs items (--items, --item or --items-file)",
            "j", "--image", "x", "--style", "init", "--completions", "3"),
        bad("--items-mode: configmap: there are no items (--items, --item or --items-file)",
            "--style", "downward", "--items-mode", "configmap"),
        bad("--items: cannot be combined with --item (give the items one way)", "--items", "a", "--item", "b"),
        bad("--items: \"\": has no items (give one empty item with --item=)", "--items="),
        bad("--items-file: /nonexistent/items.txt: no such file", "--items-file", "/nonexistent/items.txt"),
        bad("--items-file: -: has no items (the file is empty)", "--items-file", "-"),
        bad("COMMAND: b: put the command after '--' (create NAME [flags] -- COMMAND [ARG...])",
            "a", "b", "--image", "x", "--completions", "1"),
        bad("--labels: app.kubernetes.io/managed-by=me: app.kubernetes.io/managed-by is set by kubectl indexed",
            "--labels", "app.kubernetes.io/managed-by=me"),
        bad("--labels: team: must be KEY=VALUE[,KEY=VALUE...]", "--labels", "team"),
        bad("--requests: cpu=lots: \"lots\" is not a quantity (e.g. 100m, 64Mi)", "--requests", "cpu=lots"),
        bad("--active-deadline-seconds: 0: must be positive", "--active-deadline-seconds", "0"),
        bad("--ttl-seconds-after-finished: -5: must not be negative", "--ttl-seconds-after-finished", "-5"),
        bad("--service-account: Bad: must be a DNS-1123 subdomain", "--service-account", "Bad"),
        bad("--init-image: x: only the init style has an init container (--style is downward)",
            "--init-image", "x", "--style", "downward"),
        bad("--max-failed-indexes: must be specified when completions is above 100000 and"
            + " --backoff-limit-per-index is set (completions is 200000)",
            "job", "--image", "x", "--completions", "200000", "--backoff-limit-per-index", "1"),
        bad("--requests: gpu=1: \"gpu\" must be a standard resource for containers (cpu, memory,"
            + " ephemeral-storage, hugepages-<size>, or an extended resource such as nvidia.com/gpu)",
            "job", "--image", "x", "--completions", "1", "--requests", "gpu=1"),
        bad("--requests: cpu=2: must be less than or equal to cpu limit of 1",
            "job", "--image", "x", "--completions", "1", "--requests", "cpu=2", "--limits", "cpu=1"),
        bad("--success-indexes: 0-999999999: index 999999999 is out of range for 3 completions (0-2)",
            "job", "--image", "x", "--completions", "3", "--success-indexes", "0-999999999"),
        bad("--labels: controller-uid=x: controller-uid is set by the Job controller to the Job's uid (the"
            + " apiserver refuses any other value)", "--labels", "controller-uid=x"),
        bad("Invalid value for option '--completions': 'x' is not an int", "--completions", "x"),
        bad("Invalid value for option '--style': expected one of [env, init, downward] (case-insensitive) but was"
            + " 'nope'", "--style", "nope"),
        bad("Invalid value for option '--dry-run': expected one of [none, client, server] (case-insensitive) but was"
            + " 'sever'", "--dry-run=sever"));
  }

  private static Arguments bad(String message, String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "create";
    System.arraycopy(args, 0, full, 1, args.length);
    return Arguments.of(message, full);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputExitsTwoWithOneLineAndSendsNothing(String message, String[] args) {
    int before = server.getRequestCount();
    CliRunner runner = mock();
    CliRunner.Result r = runner.run(args);
    assertEquals(new CliRunner.Result(2, "", "error: " + message + "\n"), r);
    assertEquals(0, runner.connects.get(), "no session was opened");
    assertEquals(before, server.getRequestCount(), "no request reached the server");
  }

  @Test
  void theValidationTableIsBigEnough() {
    assertTrue(badInputs().count() >= 25);
  }
}
