package io.kava.apiserver;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The API server's authorization and token-file flags (issue 12), kept together as a mixin. */
public final class AuthorizationOptions {
  @Option(names = "--authorization-mode", defaultValue = "AlwaysAllow",
      description = "Ordered comma list of authorizers: AlwaysAllow, AlwaysDeny, RBAC, Node (a secure cluster: Node,RBAC).")
  String authorizationMode;

  @Option(names = "--token-auth-file", description = "CSV of static bearer tokens: token,user,uid,\"group1,group2\".")
  Path tokenAuthFile;

  @Option(names = "--rbac-aggregation-interval", defaultValue = "1s",
      description = "How often aggregated ClusterRoles (admin, edit, view) gather the rules of the roles they select.",
      converter = io.kava.client.flags.DurationConverter.class)
  Duration aggregationInterval;

  AuthorizationConfig config(CommandLine.Model.CommandSpec spec) {
    try {
      AuthorizationConfig c = AuthorizationConfig.defaults().withModes(authorizationMode)
          .withAggregationInterval(aggregationInterval);
      return tokenAuthFile == null ? c : c.withTokenAuthFile(tokenAuthFile);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
