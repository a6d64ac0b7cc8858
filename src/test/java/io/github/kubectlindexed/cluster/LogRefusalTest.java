package io.github.kubectlindexed.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A refused log request's body is an error with the server's words, never log content (issue 16, section 2). */
class LogRefusalTest {
  @Test
  void aStatusFailureBodyIsTheServersMessage() {
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"no logs found for container \\\"worker\\\" in pod rs-3\",\"reason\":\"BadRequest\",\"code\":400}";
    assertEquals("no logs found for container \"worker\" in pod rs-3 (400)", LogCollector.statusError(body));
    assertEquals("no logs found for container \"worker\" in pod rs-3 (400)", LogCollector.statusError(body + "\n"));
  }

  @Test
  void ordinaryLinesAndJsonLogsAreLogs() {
    assertNull(LogCollector.statusError("hello"));
    assertNull(LogCollector.statusError("{\"level\":\"info\",\"msg\":\"started\"}"));
    assertNull(LogCollector.statusError("{\"kind\":\"Status\",\"status\":\"Success\"}"));
    assertNull(LogCollector.statusError(null));
  }

  @Test
  void aRetriedReadSkipsTheLinesAlreadyPrinted() {
    assertEquals("c\n", LogCollector.dropLines("a\nb\nc\n", 2));
    assertEquals("", LogCollector.dropLines("a\nb\n", 2));
    assertEquals("", LogCollector.dropLines("a\n", 5));
    assertEquals("a\n", LogCollector.dropLines("a\n", 0));
  }
}
