package io.kava.apiserver;

/**
 * Bootstrap tokens (issue 13), upstream's --enable-bootstrap-token-auth: bearer tokens {@code <id>.<secret>}
 * from the Secrets {@code kube-system/bootstrap-token-<id>} authenticate as {@code system:bootstrap:<id>}.
 * Off by default, as upstream's binary; kubeadm (and deploy/up.sh) turn it on.
 */
public record BootstrapTokenConfig(boolean enabled) {
  public static BootstrapTokenConfig disabled() {
    return new BootstrapTokenConfig(false);
  }

  public static BootstrapTokenConfig enabled(boolean on) {
    return new BootstrapTokenConfig(on);
  }
}
