package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.github.kubectlindexed.cluster.SimJob;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** status -o csv / -o json: one accounting row per index. */
class StatusAccountingTest extends MockClusterCommandTest {
  private static final Instant NOW = Instant.parse("2025-01-01T10:01:00Z");

  /** 0 succeeded; 1 failed once, then succeeded; 2 failed (exit 7); 3 running; 4 not started. */
  private void scenario() {
    SimJob sim = SimJob.create(client, "test", SimJob.indexedJob("acct", 5, 3, null));
    sim.start(0);
    sim.succeed(0);
    sim.start(1);
    sim.fail(1, 1);
    sim.start(1);
    sim.succeed(1);
    sim.start(2);
    sim.fail(2, 7);
    sim.start(3);
    sim.run(3);
    client.configMaps().inNamespace("test").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("acct-items-0").addToLabels("kubectl-indexed.io/job-name", "acct").endMetadata()
        .addToData("0", "foo").addToData("1", "b,\"r\"").addToData("2", "baz").addToData("3", "qux")
        .addToData("4", "xyz").build()).create();
  }

  @Test
  void csvIsAHeaderThenOneRowPerIndexInOrder() {
    scenario();
    CliRunner.Result r = cli.clock(TestClock.fixed(NOW)).run("status", "acct", "-o", "csv");
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    // the mock server stamps creationTimestamp itself: the created column is the server's time, checked apart
    List<String> lines = r.out().lines().toList();
    for (String l : lines.subList(1, 5)) {
      assertTrue(l.split(",", -1)[l.startsWith("1,") ? 7 : 6].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), l);
    }
    assertEquals("""
        index,item,state,attempts,pod,node,created,scheduled,started,finished,duration_seconds,exit_code,reason
        0,foo,Succeeded,1,acct-0-00001,,CREATED,,2025-01-01T10:00:01Z,2025-01-01T10:00:02Z,1,0,
        1,"b,""r""\",Succeeded,2,acct-1-00003,,CREATED,,2025-01-01T10:00:05Z,2025-01-01T10:00:06Z,1,0,
        2,baz,Failed,1,acct-2-00004,,CREATED,,2025-01-01T10:00:07Z,2025-01-01T10:00:08Z,1,7,
        3,qux,Running,1,acct-3-00005,,CREATED,,2025-01-01T10:00:10Z,,50,,
        4,xyz,NotStarted,0,,,,,,,,,
        """, r.out().replaceAll("(?m)^(\\d,(\"[^\n]*\"|[^,]*),[A-Za-z]+,\\d,[^,]*,[^,]*,)[^,]+,", "$1CREATED,"));
  }

  @Test
  void jsonIsTheStatusDocumentWithOneObjectPerIndex() {
    scenario();
    CliRunner.Result r = cli.clock(TestClock.fixed(NOW)).run("status", "acct", "-o", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("{\"namespace\":\"test\",\"name\":\"acct\",\"completions\":5,"), r.out());
    String out = r.out().replaceAll("\"created\":\"[^\"]+\"", "\"created\":\"CREATED\"");
    assertTrue(out.contains("{\"index\":1,\"item\":\"b,\\\"r\\\"\",\"state\":\"Succeeded\",\"attempts\":2,"
        + "\"pod\":\"acct-1-00003\",\"pods\":[\"acct-1-00002\",\"acct-1-00003\"],\"node\":null,"
        + "\"created\":\"CREATED\",\"scheduled\":null,\"started\":\"2025-01-01T10:00:05Z\","
        + "\"finished\":\"2025-01-01T10:00:06Z\",\"durationSeconds\":1,\"exitCode\":0,\"reason\":null}"), r.out());
    assertTrue(r.out().endsWith("}]}\n"), r.out());
  }

  @Test
  void csvOfAJobWithThousandsOfIndexesHasOneRowEach() {
    SimJob.create(client, "test", SimJob.indexedJob("many", 3000, 10, null));
    CliRunner.Result r = cli.run("status", "many", "-o", "csv");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3001, lines.size());
    assertTrue(lines.get(0).startsWith("index,item,state,"));
    for (int i = 0; i < 3000; i++) {
      assertEquals(i + ",,NotStarted,0,,,,,,,,,", lines.get(i + 1));
    }
  }
}
