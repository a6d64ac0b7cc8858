package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.cluster.ClientFactory;
import io.github.kubectlindexed.cluster.Cluster;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Runs whole commands through {@code CommandLine.execute} with injected streams and client. */
public final class CliRunner {
  public record Result(int exit, String out, String err) {}

  private final ClientFactory clients;
  private InputStream stdin = new ByteArrayInputStream(new byte[0]);
  private Map<String, String> env = Map.of();
  private boolean terminal;
  private Clock clock = Clock.systemUTC();
  /** How many sessions commands opened: a usage error must open none. */
  public final AtomicInteger connects = new AtomicInteger();

  public CliRunner(ClientFactory clients) {
    this.clients = clients;
  }

  /** No cluster: any attempt to connect fails the test. */
  public static CliRunner offline() {
    return new CliRunner(c -> {
      throw new AssertionError("the command tried to reach a cluster");
    });
  }

  /**
   * Backed by a mock server: each connect gets a fresh client from {@code clients} (so closing it is harmless), in
   * {@code -n} or else in {@code defaultNamespace}.
   */
  public static CliRunner mock(Supplier<KubernetesClient> clients, String defaultNamespace) {
    return new CliRunner(c -> Cluster.of(clients.get(),
        c.namespace() != null ? c.namespace() : defaultNamespace, c.namespace() != null));
  }

  /**
   * The real kubeconfig factory (flags, kubeconfig files, exec plugins), logging requests at -v=6 and more to the
   * run's stderr.
   */
  public static CliRunner kubeconfig() {
    CliRunner r = new CliRunner(null);
    r.kubeconfigLogToErr = true;
    return r;
  }

  private boolean kubeconfigLogToErr;

  public CliRunner stdin(String text) {
    this.stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public CliRunner env(Map<String, String> environment) {
    this.env = environment;
    return this;
  }

  /** The clock commands read (a test clock drives wait's progress lines and timeout). */
  public CliRunner clock(Clock c) {
    this.clock = c;
    return this;
  }

  public CliRunner terminal(boolean tty) {
    this.terminal = tty;
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter errWriter = new PrintWriter(err, true);
    ClientFactory base = kubeconfigLogToErr ? ClientFactory.kubeconfig(errWriter) : clients;
    ClientFactory counting = c -> {
      connects.incrementAndGet();
      return base.connect(c);
    };
    Context ctx = new Context(new PrintWriter(out, true), errWriter, stdin, counting,
        clock, env, terminal);
    int code = Cli.commandLine(ctx, args).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
