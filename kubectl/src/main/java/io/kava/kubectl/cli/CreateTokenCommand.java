package io.kava.kubectl.cli;

import io.kava.api.authentication.v1.BoundObjectReference;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestSpec;
import io.kava.client.ApiException;
import io.kava.client.AuthenticationClient;
import io.kava.client.flags.DurationConverter;
import io.kava.kubectl.CliException;
import io.kava.kubectl.ServerErrors;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.MessageOutput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `create token SERVICE_ACCOUNT_NAME`: requests a bound ServiceAccount token and prints it, as kubectl's. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Request a service account token.")
final class CreateTokenCommand implements Callable<Integer> {
  /** The kinds a token may be bound to, with their apiVersion (upstream's list; the server may support fewer). */
  static final Map<String, String> BOUND_OBJECT_KINDS = Map.of("Node", "v1", "Pod", "v1", "Secret", "v1");
  private static final String SUPPORTED_KINDS = "Node, Pod, Secret";

  @ParentCommand
  CreateCommand create;

  @Parameters(index = "0", paramLabel = "SERVICE_ACCOUNT_NAME")
  String name;

  @Option(names = "--audience", description = "Audience of the requested token; repeat for several. Default: the API server's")
  List<String> audiences = List.of();

  @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "0s",
      description = "Requested lifetime of the issued token (0: the server's default)")
  Duration duration;

  @Option(names = "--bound-object-kind", defaultValue = "",
      description = "Kind of an object to bind the token to (" + SUPPORTED_KINDS + "). Needs --bound-object-name")
  String boundKind;

  @Option(names = "--bound-object-name", defaultValue = "",
      description = "Name of an object to bind the token to: the token expires when it is deleted")
  String boundName;

  @Option(names = "--bound-object-uid", defaultValue = "",
      description = "UID of the object to bind the token to (default: the existing object's)")
  String boundUid;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml or json: the TokenRequest instead of the token")
  String output;

  @Override
  public Integer call() {
    Session session = create.root.session();
    TokenRequest request = request();
    MessageOutput.check(output);
    TokenRequest response;
    try {
      response = new AuthenticationClient(session.client()).createToken(session.namespace(), name, request, false);
    } catch (ApiException e) {
      throw CliException.error("failed to create token: " + ServerErrors.oneLine(e.getMessage()));
    }
    if (response.getStatus().getToken().isEmpty()) {
      throw CliException.error("failed to create token: no token in server response");
    }
    if (output != null) {
      MessageOutput.print(response, output, session.out());
    } else {
      // as kubectl: a newline only when a person reads it, so $(kavactl create token x) is the token alone
      session.out().print(response.getStatus().getToken() + (System.console() != null ? "\n" : ""));
      session.out().flush();
    }
    return 0;
  }

  /** The TokenRequest of the flags, checked as kubectl checks them. */
  TokenRequest request() {
    if (duration.isNegative()) {
      throw CliException.error("--duration must be greater than or equal to 0");
    }
    if (duration.getNano() != 0) {
      throw CliException.error("--duration cannot be expressed in units less than seconds");
    }
    if (audiences.stream().anyMatch(String::isEmpty)) {
      throw CliException.error("--audience must not be an empty string");
    }
    TokenRequestSpec.Builder spec = TokenRequestSpec.newBuilder().addAllAudiences(audiences);
    if (!duration.isZero()) {
      spec.setExpirationSeconds(duration.getSeconds());
    }
    if (boundKind.isEmpty()) {
      if (!boundName.isEmpty()) {
        throw CliException.error("--bound-object-name can only be set if --bound-object-kind is provided");
      }
      if (!boundUid.isEmpty()) {
        throw CliException.error("--bound-object-uid can only be set if --bound-object-kind is provided");
      }
    } else {
      if (!BOUND_OBJECT_KINDS.containsKey(boundKind)) {
        throw CliException.error("supported --bound-object-kind values are " + SUPPORTED_KINDS);
      }
      if (boundName.isEmpty()) {
        throw CliException.error("--bound-object-name is required if --bound-object-kind is provided");
      }
      spec.setBoundObjectRef(BoundObjectReference.newBuilder().setKind(boundKind)
          .setApiVersion(BOUND_OBJECT_KINDS.get(boundKind)).setName(boundName).setUid(boundUid));
    }
    return TokenRequest.newBuilder().setApiVersion("authentication.k8s.io/v1").setKind("TokenRequest").setSpec(spec).build();
  }
}
