package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cluster.ClientFactory;
import io.github.kubectlindexed.startup.Training;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code kubectl-indexed __train}: the training run behind the startup archive ({@link Training}). The launcher runs
 * it once per jar and runtime; it always exits 0.
 */
@Command(name = "__train", hidden = true, description = "Training run for the startup archive (internal).")
public class TrainCommand implements Callable<Integer> {
  /** Runs one command in this JVM, output discarded. */
  static int runDiscarded(ClientFactory clients, String... args) {
    PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
    Context ctx = new Context(sink, sink, new ByteArrayInputStream(new byte[0]), clients, Clock.systemUTC(),
        Map.of(), false);
    return Cli.commandLine(ctx, args).execute(args);
  }

  @Override
  public Integer call() {
    Training.run(TrainCommand::runDiscarded);
    return 0;
  }
}
