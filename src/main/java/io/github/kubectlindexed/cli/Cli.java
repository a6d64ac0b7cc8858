package io.github.kubectlindexed.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.kubectlindexed.ExitCodes;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cli.options.KubeOptions;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Builds the command line and its one error path: a one-line message and a documented exit code. */
public final class Cli {
  private Cli() {}

  public static CommandLine commandLine(Context ctx) {
    CommandLine cl = new CommandLine(new Root(ctx));
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new UsageHandler());
    return cl;
  }

  /** Bad flags: one line naming the flag, exit 2. */
  static final class UsageHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      String message = ex.getMessage();
      Throwable cause = ex.getCause();
      if (cause instanceof IllegalArgumentException && cause.getMessage() != null && message != null
          && message.contains("Invalid value") && !message.contains(cause.getMessage())) {
        message = message + ": " + cause.getMessage();
      }
      err.println("error: " + message);
      err.flush();
      return ExitCodes.USAGE;
    }
  }

  /** Everything thrown while running a command ends here: one line on stderr (stack trace at -v=4 or more). */
  static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      Throwable t = unwrap(ex);
      int code;
      String message;
      if (t instanceof PluginException pe) {
        code = pe.exitCode();
        message = pe.getMessage();
      } else if (t instanceof KubernetesClientException kce) {
        code = ExitCodes.CLUSTER;
        message = describe(kce);
      } else if (t instanceof InterruptedException) {
        code = ExitCodes.INTERRUPTED;
        message = "interrupted";
      } else {
        code = ExitCodes.OUTCOME;
        message = "internal error: " + t;
      }
      err.println("error: " + message);
      if (verbosity(cmd) >= 4) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        err.print(sw);
      }
      err.flush();
      return code;
    }

    private static int verbosity(CommandLine cmd) {
      for (Object mixin : cmd.getMixins().values()) {
        if (mixin instanceof KubeOptions k) {
          return k.verbosity();
        }
      }
      return 0;
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** A one-line description of an API error, in kubectl's words where it has them. */
  public static String describe(KubernetesClientException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (e.getCode() == 0 && (root instanceof ConnectException || root instanceof UnknownHostException
        || root instanceof java.net.http.HttpConnectTimeoutException || root instanceof java.io.IOException)) {
      return "cannot reach the cluster: " + (root.getMessage() != null ? root.getMessage() : root.toString());
    }
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    String m = e.getMessage();
    return m == null ? e.toString() : m.lines().findFirst().orElse(m);
  }
}
