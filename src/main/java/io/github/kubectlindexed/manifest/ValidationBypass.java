package io.github.kubectlindexed.manifest;

/**
 * TEST ONLY. When the environment variable {@code KUBECTL_INDEXED_TEST_SKIP_VALIDATION} is {@code 1}, the plugin does
 * not check the API server's rules itself ({@link Validation#validate} and the resource-name rules of
 * {@code --requests}/{@code --limits}) and sends what it was given, so that the e2e suite can prove each rule against
 * the real API server ({@code --dry-run=server}): the rule the plugin refuses must be one the server refuses too
 * ({@code e2e/ServerRulesE2E}). Read here and nowhere else; not documented for users, and never needed by them.
 */
public final class ValidationBypass {
  /** The environment variable; the only value that has an effect is {@code 1}. */
  public static final String ENV = "KUBECTL_INDEXED_TEST_SKIP_VALIDATION";
  private static final boolean ACTIVE = "1".equals(System.getenv(ENV));

  private ValidationBypass() {}

  /** True when the test hook is on. */
  public static boolean active() {
    return ACTIVE;
  }
}
