package io.github.kubectlindexed.wire;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.lang.reflect.Method;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * fabric8's JDK transport, plus a real close: on Java 21+ closing the client also shuts the JDK HttpClient down, so
 * that its selector thread leaves {@code epoll_wait}. A thread left in native code makes the JVM's exit wait up to
 * 300 ms for it, which every cluster command would otherwise pay.
 */
public final class ClosingJdkHttpClientFactory extends JdkHttpClientFactory {
  private static final Method SHUTDOWN_NOW = shutdownNow();

  private final List<HttpClient> built = new CopyOnWriteArrayList<>();

  @Override
  protected HttpClient.Builder createNewHttpClientBuilder() {
    return new Capturing(super.createNewHttpClientBuilder());
  }

  @Override
  protected void closeHttpClient(JdkHttpClientImpl client) {
    super.closeHttpClient(client);
    if (SHUTDOWN_NOW != null) {
      for (HttpClient c : built) {
        try {
          SHUTDOWN_NOW.invoke(c);
        } catch (ReflectiveOperationException | RuntimeException ignored) {
          // closing is best effort; the process is ending anyway
        }
      }
      built.clear();
    }
  }

  private static Method shutdownNow() {
    try {
      return HttpClient.class.getMethod("shutdownNow"); // Java 21+
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Delegates every setting and remembers the client it builds. */
  private final class Capturing implements HttpClient.Builder {
    private final HttpClient.Builder delegate;

    Capturing(HttpClient.Builder delegate) {
      this.delegate = delegate;
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
      delegate.cookieHandler(cookieHandler);
      return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
      delegate.connectTimeout(duration);
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
      delegate.sslContext(sslContext);
      return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
      delegate.sslParameters(sslParameters);
      return this;
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
      delegate.executor(executor);
      return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
      delegate.followRedirects(policy);
      return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
      delegate.version(version);
      return this;
    }

    @Override
    public HttpClient.Builder priority(int priority) {
      delegate.priority(priority);
      return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
      delegate.proxy(proxySelector);
      return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
      delegate.authenticator(authenticator);
      return this;
    }

    @Override
    public HttpClient build() {
      HttpClient c = delegate.build();
      built.add(c);
      return c;
    }
  }
}
