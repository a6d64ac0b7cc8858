package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cluster.ClientFactory;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a command needs from the outside world, injected so tests can replace it:
 * streams, the client factory, the clock, the environment and whether stderr is a terminal.
 */
public record Context(
    PrintWriter out,
    PrintWriter err,
    InputStream in,
    ClientFactory clients,
    Clock clock,
    Map<String, String> env,
    boolean terminal) {

  public static Context system(PrintWriter out, PrintWriter err) {
    return new Context(out, err, System.in, ClientFactory.kubeconfig(err), Clock.systemUTC(), System.getenv(),
        System.console() != null);
  }

  public Context withClients(ClientFactory factory) {
    return new Context(out, err, in, factory, clock, env, terminal);
  }

  public Context withIn(InputStream stdin) {
    return new Context(out, err, stdin, clients, clock, env, terminal);
  }

  public Context withTerminal(boolean tty) {
    return new Context(out, err, in, clients, clock, env, tty);
  }

  public Context withEnv(Map<String, String> environment) {
    return new Context(out, err, in, clients, clock, environment, terminal);
  }
}
