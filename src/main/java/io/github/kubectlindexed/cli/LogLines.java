package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cluster.LogCollector;
import io.github.kubectlindexed.cluster.LogFollower;
import io.github.kubectlindexed.output.LineWriter;

import java.io.PrintWriter;

/** Where logs and run print logs: lines through one prefixing writer on stdout, markers on stderr. */
final class LogLines implements LogFollower.Sink, LogCollector.Sink {
  private final LineWriter lines;
  private final PrintWriter err;

  LogLines(LineWriter lines, PrintWriter err) {
    this.lines = lines;
    this.err = err;
  }

  @Override
  public void line(LogCollector.Source s, String line) {
    lines.line(s.index(), s.container(), s.attempt(), line);
  }

  @Override
  public void text(LogCollector.Source s, String text) {
    lines.text(s.index(), s.container(), s.attempt(), text);
  }

  @Override
  public void marker(String text) {
    synchronized (err) {
      err.println(text);
      err.flush();
    }
  }
}
