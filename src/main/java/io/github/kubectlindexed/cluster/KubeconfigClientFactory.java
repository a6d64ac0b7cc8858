package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.wire.ClosingJdkHttpClientFactory;
import io.github.kubectlindexed.wire.RequestLog;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.PluginInfo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ClusterBuilder;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves kubectl's connection flags against the kubeconfig the way kubectl does, and builds a fabric8 client. */
final class KubeconfigClientFactory implements ClientFactory {
  /** Where -v=6 and more log each request (stderr). */
  private final PrintWriter log;

  KubeconfigClientFactory(PrintWriter log) {
    this.log = log;
  }

  @Override
  public Cluster connect(Connection c) {
    Loaded loaded = load(c, System.console() != null);
    Config base = loaded.config();
    ConfigBuilder b = new ConfigBuilder(base).withUserAgent(PluginInfo.get().userAgent())
        // One connection per stream: with HTTP/2 every log stream and watch shares one connection's flow-control
        // window, so a stream that is read slowly (or never ends, as KWOK's) stalls every other request.
        .withHttp2Disable(true)
        // Fail at once like kubectl when the cluster cannot be reached (fabric8 retries 10 times by default,
        // ~100 s, and would retry a refused connection too); the waiters and followers retry by themselves.
        .withRequestRetryBackoffLimit(0);
    if (c.server() != null) {
      b.withMasterUrl(c.server());
    }
    if (c.token() != null) {
      b.withOauthToken(c.token()).withUsername(null).withPassword(null);
    } else if (loaded.exec() == null && base.getOauthTokenProvider() == null
        && (base.getOauthToken() == null || base.getOauthToken().isEmpty())
        && base.getAutoOAuthToken() != null && !base.getAutoOAuthToken().isEmpty()) {
      // the kubeconfig's token, as an explicit one: on a 401 or 403 fabric8 would otherwise "refresh" it by
      // re-reading a default kubeconfig (not the one given), and report the refusal as an unreachable cluster
      b.withOauthToken(base.getAutoOAuthToken());
    } else if (loaded.exec() != null) {
      ExecCredentials.Credential cred = loaded.exec().credential(); // fails here, before any request, like kubectl
      if (cred.token() != null) {
        b.withOauthTokenProvider(loaded.exec()).withUsername(null).withPassword(null);
      } else {
        b.withClientCertData(base64(cred.certificate())).withClientKeyData(base64(cred.key())).withClientCertFile(null)
            .withClientKeyFile(null).withClientKeyAlgo(keyAlgorithm(cred.key()));
      }
    }
    if (c.insecureSkipTlsVerify()) {
      b.withTrustCerts(true).withDisableHostnameVerification(true);
    }
    if (c.as() != null) {
      b.withImpersonateUsername(c.as());
    }
    if (c.asGroups() != null && !c.asGroups().isEmpty()) {
      b.withImpersonateGroups(c.asGroups().toArray(String[]::new));
    }
    if (c.requestTimeout() != null && !c.requestTimeout().isZero()) {
      int ms = (int) Math.min(Integer.MAX_VALUE, c.requestTimeout().toMillis());
      b.withRequestTimeout(ms).withConnectionTimeout(ms);
    }
    String namespace = c.namespace() != null ? c.namespace()
        : Optional.ofNullable(base.getNamespace()).filter(s -> !s.isEmpty()).orElse("default");
    b.withNamespace(namespace);
    Config config = b.build();
    if (config.getMasterUrl() == null || config.getMasterUrl().isEmpty()) {
      throw PluginException.cluster("no cluster configured: set --server or --kubeconfig, or KUBECONFIG", null);
    }
    KubernetesClientBuilder kb = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new ClosingJdkHttpClientFactory());
    if (c.verbosity() >= 6 && log != null) {
      kb.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor(RequestLog.NAME,
          new RequestLog(log, c.verbosity())));
    }
    return Cluster.of(kb.build(), namespace, c.namespace() != null);
  }

  /** fabric8 takes certificate and key data base64-encoded; the plugin gives PEM. */
  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  private static String keyAlgorithm(String pem) {
    return pem.contains("EC PRIVATE KEY") ? "EC" : "RSA";
  }

  /** The kubeconfig as kubectl reads it, with the user's exec plugin taken out (see {@link ExecCredentials}). */
  record Loaded(Config config, ExecCredentials exec) {}

  static Loaded load(Connection c, boolean terminal) {
    List<File> files = kubeconfigFiles(c);
    if (files.isEmpty()) {
      for (String[] flag : new String[][] {{"--context", "context", c.context()}, {"--cluster", "cluster", c.cluster()},
          {"--user", "user", c.user()}}) {
        if (flag[2] != null) {
          throw PluginException.usage(flag[0] + ": " + flag[1] + " \"" + flag[2] + "\" not found: there is no"
              + " kubeconfig (set --kubeconfig or KUBECONFIG)");
        }
      }
      return new Loaded(Config.autoConfigure(null), null);
    }
    List<io.fabric8.kubernetes.api.model.Config> models = new ArrayList<>();
    Map<String, NamedContext> contexts = new LinkedHashMap<>();
    Map<String, NamedCluster> clusters = new LinkedHashMap<>();
    Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
    Map<String, File> userFiles = new HashMap<>();
    String current = null;
    for (File f : files) {
      io.fabric8.kubernetes.api.model.Config m = parse(f);
      models.add(m);
      if (current == null && m.getCurrentContext() != null && !m.getCurrentContext().isEmpty()) {
        current = m.getCurrentContext();
      }
      // the first file that names an entry wins, as in kubectl and fabric8's merge
      if (m.getContexts() != null) {
        m.getContexts().stream().filter(x -> x.getName() != null && x.getContext() != null)
            .forEach(x -> contexts.putIfAbsent(x.getName(), x));
      }
      if (m.getClusters() != null) {
        m.getClusters().stream().filter(x -> x.getName() != null && x.getCluster() != null)
            .forEach(x -> clusters.putIfAbsent(x.getName(), x));
      }
      if (m.getUsers() != null) {
        for (NamedAuthInfo u : m.getUsers()) {
          if (u.getName() != null && u.getUser() != null && !users.containsKey(u.getName())) {
            users.put(u.getName(), u);
            userFiles.put(u.getName(), f);
          }
        }
      }
    }
    String where = files.size() == 1 ? files.get(0).toString() : "the kubeconfig (" + files.size() + " files)";
    String ctxName = c.context() != null ? c.context() : current;
    NamedContext ctx = ctxName == null ? null : contexts.get(ctxName);
    if (c.context() != null && ctx == null) {
      throw PluginException.usage("--context: context \"" + c.context() + "\" not found in " + where);
    }
    if (c.cluster() != null && !clusters.containsKey(c.cluster())) {
      throw PluginException.usage("--cluster: cluster \"" + c.cluster() + "\" not found in " + where);
    }
    if (c.user() != null && !users.containsKey(c.user())) {
      throw PluginException.usage("--user: user \"" + c.user() + "\" not found in " + where);
    }
    if (ctx == null && (c.cluster() != null || c.user() != null)) {
      // no context: --cluster and --user still choose what to use, as in kubectl
      ctx = new NamedContextBuilder().withName("kubectl-indexed-flags").withNewContext().endContext().build();
      ctxName = ctx.getName();
      io.fabric8.kubernetes.api.model.Config first = models.get(0);
      List<NamedContext> list = first.getContexts() == null ? new ArrayList<>() : new ArrayList<>(first.getContexts());
      list.add(ctx);
      first.setContexts(list);
    }
    if (ctx != null) {
      // --cluster / --user: the chosen context points at them, as kubectl's overrides do
      if (c.cluster() != null) {
        ctx.getContext().setCluster(c.cluster());
      }
      if (c.user() != null) {
        ctx.getContext().setUser(c.user());
      }
    }
    ExecCredentials exec = null;
    NamedAuthInfo user = ctx == null || ctx.getContext().getUser() == null ? null
        : users.get(ctx.getContext().getUser());
    if (user != null && user.getUser().getExec() != null) {
      ExecConfig e = user.getUser().getExec();
      user.getUser().setExec(null); // fabric8 would run it too, and ignore its failure
      if (c.token() == null) {
        NamedCluster nc = ctx.getContext().getCluster() == null ? null : clusters.get(ctx.getContext().getCluster());
        io.fabric8.kubernetes.api.model.Cluster info = nc == null ? new io.fabric8.kubernetes.api.model.Cluster()
            : new ClusterBuilder(nc.getCluster()).build();
        if (c.server() != null) {
          info.setServer(c.server());
        }
        exec = new ExecCredentials(e, userFiles.get(user.getName()), info, terminal, Clock.systemUTC());
      }
    }
    Config config = Config.empty();
    KubeConfigUtils.merge(config, ctxName, models.toArray(io.fabric8.kubernetes.api.model.Config[]::new));
    return new Loaded(config, exec);
  }

  /** --kubeconfig, else each existing file of KUBECONFIG, else ~/.kube/config when it exists. */
  private static List<File> kubeconfigFiles(Connection c) {
    if (c.kubeconfig() != null) {
      File f = new File(c.kubeconfig());
      if (f.isDirectory()) {
        throw PluginException.usage("--kubeconfig: " + f + ": is a directory, not a kubeconfig file");
      }
      if (!f.exists()) {
        throw PluginException.usage("--kubeconfig: " + f + ": no such file");
      }
      return List.of(f);
    }
    List<File> files = new ArrayList<>();
    for (String name : Config.getKubeconfigFilenames()) {
      if (name.isEmpty()) {
        continue;
      }
      File f = new File(name);
      if (f.isDirectory()) {
        throw PluginException.usage("kubeconfig " + f + ": is a directory, not a kubeconfig file");
      }
      if (f.isFile() && !files.contains(f)) {
        files.add(f);
      }
    }
    return files;
  }

  /** The file as a kubeconfig, or one line naming it and what is wrong (exit 2). */
  static io.fabric8.kubernetes.api.model.Config parse(File f) {
    String text;
    try {
      text = Files.readString(f.toPath(), StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw PluginException.usage("kubeconfig " + f + ": is not a kubeconfig: not UTF-8 text");
    } catch (IOException e) {
      throw PluginException.usage("kubeconfig " + f + ": cannot be read: " + ExecCredentials.ioReason(e));
    }
    if (text.isBlank()) {
      return new io.fabric8.kubernetes.api.model.Config();
    }
    io.fabric8.kubernetes.api.model.Config m;
    try {
      m = Serialization.unmarshal(text, io.fabric8.kubernetes.api.model.Config.class);
    } catch (RuntimeException e) {
      throw PluginException.usage("kubeconfig " + f + ": " + yamlProblem(e));
    }
    if (m == null) {
      return new io.fabric8.kubernetes.api.model.Config();
    }
    return m;
  }

  /** "is not YAML: PROBLEM at line L, column C" or "is not a kubeconfig: ... at line L, column C". */
  static String yamlProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYamlEngineException y) {
        Optional<Mark> mark = y.getProblemMark().isPresent() ? y.getProblemMark() : y.getContextMark();
        String problem = y.getProblem() != null ? y.getProblem() : "bad syntax";
        return "is not YAML: " + problem + mark.map(m -> " at line " + (m.getLine() + 1) + ", column "
            + (m.getColumn() + 1)).orElse("");
      }
      if (t instanceof YamlEngineException) {
        return "is not YAML: " + firstLine(t.getMessage());
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException j) {
        JsonLocation l = j.getLocation();
        String where = l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
        if (t instanceof com.fasterxml.jackson.core.JsonParseException) {
          return "is not YAML: bad syntax" + where;
        }
        return "is not a kubeconfig: expected the fields of a kubeconfig (clusters, contexts, users)" + where;
      }
    }
    return "is not a kubeconfig";
  }

  private static String firstLine(String s) {
    return s == null ? "bad syntax" : s.lines().findFirst().orElse("bad syntax");
  }
}
