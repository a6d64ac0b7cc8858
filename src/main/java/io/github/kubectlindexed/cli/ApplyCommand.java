package io.github.kubectlindexed.cli;

import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.app.Jobs;
import io.github.kubectlindexed.cli.options.OutputOptions;
import io.github.kubectlindexed.output.Formats;
import io.github.kubectlindexed.cluster.Cluster;
import io.github.kubectlindexed.manifest.Manifest;
import io.github.kubectlindexed.manifest.ManifestStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code kubectl indexed apply -f FILE|-}: server-side apply of an Indexed Job and its ConfigMaps. */
@Command(name = "apply", sortOptions = false,
    customSynopsis = "kubectl indexed apply -f FILE [flags]",
    description = {
        "Apply an Indexed Job and its item ConfigMaps, server-side.",
        "",
        "The stream is what 'create --dry-run=client -o yaml' prints, edited or not, applied with"
            + " fieldManager=kubectl-indexed. The ConfigMaps get the Job as their owner, as with create. Applying"
            + " the same stream again changes nothing. A Job's pod template cannot change once it exists: delete"
            + " the Job first.",
    },
    footer = {"", "Examples:",
        "  kubectl indexed create --dry-run=client -o yaml > job.yaml",
        "  kubectl indexed apply -f job.yaml",
        "  kubectl indexed create --items a,b --image busybox --dry-run=client -o yaml \\",
        "      | kubectl indexed apply -f -",
    })
public class ApplyCommand extends BaseCommand {
  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "The YAML or JSON stream to apply; '-' reads stdin.")
  String file;

  @Option(names = "--dry-run", paramLabel = "MODE", defaultValue = "none", completionCandidates = DryRunValues.class,
      description = "none (default) or server: the server checks everything and keeps nothing.")
  String dryRun;

  @Override
  public Integer call() {
    OutputOptions.DryRun mode = Formats.parse(OutputOptions.DryRun.class, dryRun).orElseThrow(
        () -> PluginException.usage("--dry-run: \"" + dryRun + "\": expected none or server"));
    boolean serverDryRun = switch (mode) {
      case none -> false;
      case server -> true;
      case client -> throw PluginException.usage("--dry-run: \"client\": apply only sends; to see the stream, "
          + "use create --dry-run=client -o yaml");
    };
    String text = read();
    String source = file.equals("-") ? "(stdin)" : file;
    Manifest objs = ManifestStream.parse(text, source);
    if (kube.explicitNamespace() != null) {
      ManifestStream.checkNamespace(objs, kube.explicitNamespace(), source);
    }
    try (Cluster cluster = connect()) {
      Jobs.apply(cluster, objs, source, serverDryRun, line -> {
        out().println(line);
        out().flush();
      });
      return 0;
    }
  }

  /** The --dry-run values apply takes (client is refused with a hint). */
  static final class DryRunValues implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of(OutputOptions.DryRun.none.name(), OutputOptions.DryRun.server.name()).iterator();
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
