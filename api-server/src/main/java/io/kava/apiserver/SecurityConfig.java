package io.kava.apiserver;

/**
 * How the API server tells who calls it and what they may do. Each part of the security work adds its
 * own record here (TLS and client CAs, token files, ServiceAccount keys, authorization modes,
 * encryption at rest, audit), so the flags of one part stay together.
 *
 * @param anonymousAuth whether calls without credentials go on as system:anonymous (upstream's
 *     --anonymous-auth; CIS asks for false)
 * @param tls the serving certificate and the client CA
 * @param authorization --authorization-mode and --token-auth-file
 * @param encryption which resources are encrypted in etcd (--encryption-provider-config)
 * @param audit the audit policy and log (--audit-policy-file, --audit-log-*)
 * @param serviceAccounts the ServiceAccount token keys, issuer and audiences (off without a signing key)
 * @param backends TLS and client certificates towards etcd and the kubelets
 * @param admission the admission plugins that are on (--enable-admission-plugins, --disable-admission-plugins)
 * @param bootstrapTokens whether bootstrap tokens authenticate (--enable-bootstrap-token-auth)
 */
public record SecurityConfig(boolean anonymousAuth, TlsConfig tls, AuthorizationConfig authorization,
    EncryptionConfig encryption, AuditConfig audit, ServiceAccountConfig serviceAccounts, BackendTlsConfig backends,
    AdmissionConfig admission, BootstrapTokenConfig bootstrapTokens) {
  /** The binary's defaults, upstream's: anonymous calls allowed, every call authorized, plaintext, nothing encrypted, no audit log, no ServiceAccount tokens. */
  public static SecurityConfig defaults() {
    return new SecurityConfig(true, TlsConfig.none(), AuthorizationConfig.defaults(), EncryptionConfig.none(),
        AuditConfig.disabled(), ServiceAccountConfig.disabled(), BackendTlsConfig.none(), AdmissionConfig.defaults(),
        BootstrapTokenConfig.disabled());
  }

  public SecurityConfig withAnonymousAuth(boolean allowed) {
    return new SecurityConfig(allowed, tls, authorization, encryption, audit, serviceAccounts, backends, admission, bootstrapTokens);
  }

  public SecurityConfig withTls(TlsConfig newTls) {
    return new SecurityConfig(anonymousAuth, newTls, authorization, encryption, audit, serviceAccounts, backends, admission, bootstrapTokens);
  }

  public SecurityConfig withAuthorization(AuthorizationConfig newAuthorization) {
    return new SecurityConfig(anonymousAuth, tls, newAuthorization, encryption, audit, serviceAccounts, backends, admission, bootstrapTokens);
  }

  public SecurityConfig withEncryption(EncryptionConfig newEncryption) {
    return new SecurityConfig(anonymousAuth, tls, authorization, newEncryption, audit, serviceAccounts, backends, admission, bootstrapTokens);
  }

  public SecurityConfig withAudit(AuditConfig newAudit) {
    return new SecurityConfig(anonymousAuth, tls, authorization, encryption, newAudit, serviceAccounts, backends, admission, bootstrapTokens);
  }

  public SecurityConfig withServiceAccounts(ServiceAccountConfig newServiceAccounts) {
    return new SecurityConfig(anonymousAuth, tls, authorization, encryption, audit, newServiceAccounts, backends, admission, bootstrapTokens);
  }

  public SecurityConfig withBackends(BackendTlsConfig newBackends) {
    return new SecurityConfig(anonymousAuth, tls, authorization, encryption, audit, serviceAccounts, newBackends, admission, bootstrapTokens);
  }

  public SecurityConfig withAdmission(AdmissionConfig newAdmission) {
    return new SecurityConfig(anonymousAuth, tls, authorization, encryption, audit, serviceAccounts, backends, newAdmission, bootstrapTokens);
  }

  public SecurityConfig withBootstrapTokens(BootstrapTokenConfig newBootstrapTokens) {
    return new SecurityConfig(anonymousAuth, tls, authorization, encryption, audit, serviceAccounts, backends, admission,
        newBootstrapTokens);
  }
}
