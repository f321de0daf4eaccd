package io.kava.apiserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Authorization and the static token file (issue 12).
 *
 * @param modes upstream's --authorization-mode, in order: AlwaysAllow, AlwaysDeny, RBAC, Node
 * @param tokenAuthFile upstream's --token-auth-file (CSV: token,user,uid,"group1,group2")
 * @param aggregationInterval how often aggregated ClusterRoles are brought in step with the roles they select
 */
public record AuthorizationConfig(List<String> modes, Optional<Path> tokenAuthFile, Duration aggregationInterval) {
  public static final List<String> KNOWN_MODES = List.of("AlwaysAllow", "AlwaysDeny", "RBAC", "Node");

  public AuthorizationConfig {
    modes = List.copyOf(modes);
    for (String m : modes) {
      if (!KNOWN_MODES.contains(m)) {
        throw new IllegalArgumentException("--authorization-mode: unknown mode \"" + m + "\" (known: "
            + String.join(", ", KNOWN_MODES) + ")");
      }
    }
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("--authorization-mode: at least one mode is required");
    }
  }

  /** Upstream's binary default: every call allowed, no token file. */
  public static AuthorizationConfig defaults() {
    return new AuthorizationConfig(List.of("AlwaysAllow"), Optional.empty(), Duration.ofSeconds(1));
  }

  /** From the flag's comma list ("Node,RBAC"). */
  public AuthorizationConfig withModes(String commaList) {
    return new AuthorizationConfig(List.of(commaList.strip().split("\\s*,\\s*")), tokenAuthFile, aggregationInterval);
  }

  public AuthorizationConfig withTokenAuthFile(Path file) {
    return new AuthorizationConfig(modes, Optional.of(file), aggregationInterval);
  }

  public AuthorizationConfig withAggregationInterval(Duration interval) {
    return new AuthorizationConfig(modes, tokenAuthFile, interval);
  }

  public boolean rbac() {
    return modes.contains("RBAC");
  }
}
