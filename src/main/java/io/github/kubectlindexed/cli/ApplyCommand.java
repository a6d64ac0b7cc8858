package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.cluster.Applier;
import io.github.kubectlindexed.cluster.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code kubectl indexed apply -f FILE|-}: server-side apply of an Indexed Job and its ConfigMaps. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Server-side apply (field manager kubectl-indexed) of an Indexed Job and its item ConfigMaps, such as",
        "'create --dry-run=client -o yaml' prints, edited or not. The ConfigMaps get the Job as their owner, as",
        "with create. Applying the same stream again changes nothing. A Job's pod template cannot change once",
        "it exists: delete the Job first.",
    },
    footer = {"", "Examples:", "  kubectl indexed create --dry-run=client -o yaml > job.yaml",
        "  kubectl indexed apply -f job.yaml",
        "  kubectl indexed create --items a,b,c --image busybox -o yaml --dry-run=client | kubectl indexed apply -f -"})
public class ApplyCommand extends BaseCommand {
  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "The YAML or JSON stream to apply; '-' reads stdin.")
  String file;

  @Option(names = "--dry-run", paramLabel = "MODE", defaultValue = "none",
      description = "none (default) or server: the server checks everything and keeps nothing.")
  String dryRun;

  @Override
  public Integer call() {
    boolean serverDryRun = switch (dryRun) {
      case "none" -> false;
      case "server" -> true;
      case "client" -> throw PluginException.usage("--dry-run: \"client\": apply only sends; to see the stream, "
          + "use create --dry-run=client -o yaml");
      default -> throw PluginException.usage("--dry-run: \"" + dryRun + "\": expected none or server");
    };
    String text = read();
    String source = file.equals("-") ? "(stdin)" : file;
    Applier.Objects2 objs = Applier.parse(text, source);
    if (kube.explicitNamespace() != null) {
      Applier.checkNamespace(objs, kube.explicitNamespace(), source);
    }
    try (Session session = connect()) {
      Applier.checkNamespace(objs, session.namespace(), source);
      new Applier(session.client(), session.namespace()).apply(objs, serverDryRun, line -> {
        out().println(line);
        out().flush();
      });
      return 0;
    }
  }

  private String read() {
    try {
      if (file.equals("-")) {
        InputStream in = ctx().in();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw PluginException.usage("-f: " + file + ": cannot read: " + e.getMessage());
    }
  }
}
