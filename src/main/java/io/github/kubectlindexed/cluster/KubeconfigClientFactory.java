package io.github.kubectlindexed.cluster;

import io.github.kubectlindexed.wire.ClosingJdkHttpClientFactory;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.github.kubectlindexed.PluginException;
import io.github.kubectlindexed.PluginInfo;

import java.io.File;
import java.util.Collection;
import java.util.Optional;

/** Resolves kubectl's connection flags against the kubeconfig the way kubectl does, and builds a fabric8 client. */
final class KubeconfigClientFactory implements ClientFactory {

  @Override
  public Cluster connect(Connection c) {
    Config base = loadConfig(c);
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
    return Cluster.of(new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new ClosingJdkHttpClientFactory()).build(), namespace, c.namespace() != null);
  }

  private static Config loadConfig(Connection c) {
    File file = kubeconfigFile(c);
    if (file == null) {
      Config auto = Config.autoConfigure(c.context());
      if (c.context() != null && !contextExists(auto, c.context())) {
        throw PluginException.usage("--context: context \"" + c.context() + "\" not found in the kubeconfig");
      }
      return auto;
    }
    if (!file.isFile()) {
      throw PluginException.usage("--kubeconfig: " + file + ": no such file");
    }
    if (c.cluster() == null && c.user() == null) {
      io.fabric8.kubernetes.api.model.Config model = KubeConfigUtils.parseConfig(file);
      String ctx = c.context() != null ? c.context() : model.getCurrentContext();
      if (c.context() != null && findContext(model, ctx) == null) {
        throw PluginException.usage("--context: context \"" + c.context() + "\" not found in " + file);
      }
      return Config.fromKubeconfig(ctx, file);
    }
    // --cluster / --user: rewrite the chosen context to point at them, as kubectl's overrides do.
    io.fabric8.kubernetes.api.model.Config model = KubeConfigUtils.parseConfig(file);
    String ctxName = c.context() != null ? c.context() : model.getCurrentContext();
    NamedContext ctx = findContext(model, ctxName);
    if (ctx == null) {
      throw PluginException.usage("--context: context \"" + ctxName + "\" not found in " + file);
    }
    if (c.cluster() != null) {
      if (model.getClusters() == null || model.getClusters().stream().noneMatch(x -> c.cluster().equals(x.getName()))) {
        throw PluginException.usage("--cluster: cluster \"" + c.cluster() + "\" not found in " + file);
      }
      ctx.getContext().setCluster(c.cluster());
    }
    if (c.user() != null) {
      if (model.getUsers() == null || model.getUsers().stream().noneMatch(x -> c.user().equals(x.getName()))) {
        throw PluginException.usage("--user: user \"" + c.user() + "\" not found in " + file);
      }
      ctx.getContext().setUser(c.user());
    }
    return Config.fromKubeconfig(ctxName, Serialization.asYaml(model), file.getPath());
  }

  private static File kubeconfigFile(Connection c) {
    if (c.kubeconfig() != null) {
      return new File(c.kubeconfig());
    }
    if (c.cluster() == null && c.user() == null) {
      return null; // fabric8's autoConfigure reads KUBECONFIG (all its files) or ~/.kube/config
    }
    Collection<String> names = Config.getKubeconfigFilenames();
    return names.isEmpty() ? null : new File(names.iterator().next());
  }

  private static boolean contextExists(Config config, String name) {
    return config.getContexts() != null && config.getContexts().stream().anyMatch(x -> name.equals(x.getName()));
  }

  private static NamedContext findContext(io.fabric8.kubernetes.api.model.Config model, String name) {
    if (model.getContexts() == null || name == null) {
      return null;
    }
    return model.getContexts().stream().filter(x -> name.equals(x.getName())).findFirst().orElse(null);
  }
}
