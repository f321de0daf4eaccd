package io.kava.kubectl.cli;

import io.kava.api.core.v1.Secret;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import io.kava.client.bootstrap.BootstrapTokens;
import io.kava.client.bootstrap.JoinToken;
import io.kava.client.flags.DurationConverter;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Age;
import io.kava.kubectl.print.TabWriter;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * `kavactl token create|list|delete`, as `kubeadm token`: bootstrap tokens in kube-system's
 * bootstrap-token-ID Secrets. create prints the join token K10<CA hash>::ID.SECRET (k3s's form), the CA
 * being the kubeconfig's certificate-authority(-data).
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage bootstrap tokens (joining hosts).",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Delete.class})
final class TokenCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 1;
  }

  private static ResourceClient<Secret> secrets(Session session) {
    return session.client().resource(Secret.class);
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a bootstrap token and print the join token.")
  static final class Create implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @Option(names = "--ttl", defaultValue = "24h", converter = DurationConverter.class,
        description = "How long the token is valid; 0 never expires")
    Duration ttl;

    @Option(names = "--description", defaultValue = "", description = "A human friendly description")
    String description;

    @Option(names = "--groups", split = ",", description = "Extra groups, each system:bootstrappers:...")
    List<String> groups = new ArrayList<>();

    @Option(names = "--print-join-command", description = "Print the deploy/install.sh agent command instead")
    boolean printJoinCommand;

    @Override
    public Integer call() {
      for (String g : groups) {
        String error = BootstrapTokens.groupError(g);
        if (error != null) {
          throw CliException.error("--groups: " + error);
        }
      }
      if (ttl.isNegative()) {
        throw CliException.error("--ttl: must not be negative");
      }
      Session session = parent.root.session();
      X509Certificate ca = session.clientConfig().flatMap(c -> c.certificateAuthorities().stream().findFirst())
          .orElseThrow(() -> CliException.error("the kubeconfig names no certificate-authority: the join token pins the"
              + " cluster CA by its hash"));
      BootstrapTokens.Token token = BootstrapTokens.generate(new SecureRandom());
      Optional<Instant> expiration = ttl.isZero() ? Optional.empty() : Optional.of(session.clock().instant().plus(ttl));
      try {
        secrets(session).create(BootstrapTokens.secret(token, expiration, description, groups));
      } catch (ApiException e) {
        throw new CliException(session.describe(e, io.kava.client.Kinds.SECRET, token.secretName()));
      }
      String join = JoinToken.of(ca, token).toString();
      if (printJoinCommand) {
        String server = session.server().split(",")[0];
        session.out().println("deploy/install.sh agent --server https://" + server + " --token " + join);
      } else {
        session.out().println(join);
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List bootstrap tokens.")
  static final class ListTokens implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @Override
    public Integer call() {
      Session session = parent.root.session();
      Instant now = session.clock().instant();
      TabWriter table = new TabWriter().add(List.of("TOKEN", "TTL", "EXPIRES", "USAGES", "DESCRIPTION", "EXTRA GROUPS"));
      for (Secret s : secrets(session).list(ListOptions.inNamespace(BootstrapTokens.NAMESPACE)).items()) {
        if (!s.getType().equals(BootstrapTokens.SECRET_TYPE)) {
          continue;
        }
        table.add(row(s, now));
      }
      table.flush(session.out());
      return 0;
    }

    /** kubeadm's columns: TTL "<forever>" and EXPIRES "<never>" without an expiration. */
    static List<String> row(Secret s, Instant now) {
      Optional<Instant> expires = BootstrapTokens.expiration(s);
      String ttl = expires.map(e -> e.isAfter(now) ? Age.human(Duration.between(now, e)) : "<invalid>").orElse("<forever>");
      String at = expires.map(e -> e.equals(Instant.MIN) ? "<invalid>" : io.kava.client.Times.format(e)).orElse("<never>");
      return List.of(BootstrapTokens.data(s, BootstrapTokens.TOKEN_ID) + "." + BootstrapTokens.data(s, BootstrapTokens.TOKEN_SECRET),
          ttl, at, String.join(",", BootstrapTokens.usages(s)), orNone(BootstrapTokens.data(s, BootstrapTokens.DESCRIPTION)),
          orNone(String.join(",", BootstrapTokens.extraGroups(s))));
    }

    private static String orNone(String s) {
      return s.isEmpty() ? "<none>" : s;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete bootstrap tokens (ID, ID.SECRET or a join token).")
  static final class Delete implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @Parameters(paramLabel = "TOKEN", arity = "1..*")
    List<String> tokens = List.of();

    @Override
    public Integer call() {
      Session session = parent.root.session();
      int failures = 0;
      for (String t : tokens) {
        String id = tokenId(t);
        try {
          secrets(session).delete(BootstrapTokens.NAMESPACE, BootstrapTokens.SECRET_PREFIX + id);
          session.out().println("bootstrap token \"" + id + "\" deleted");
        } catch (ApiException e) {
          session.err().println("error: " + (e.isNotFound() ? "bootstrap token \"" + id + "\" not found" : e.getMessage()));
          failures++;
        } catch (CliException e) {
          session.err().println(e.getMessage());
          failures++;
        }
      }
      return failures == 0 ? 0 : 1;
    }

    static String tokenId(String text) {
      if (BootstrapTokens.isTokenId(text)) {
        return text;
      }
      Optional<BootstrapTokens.Token> token = BootstrapTokens.parse(text);
      if (token.isPresent()) {
        return token.get().id();
      }
      try {
        return JoinToken.parse(text).token().id();
      } catch (IllegalArgumentException e) {
        throw CliException.error("given token didn't match pattern \"[a-z0-9]{6}\" or \"[a-z0-9]{6}.[a-z0-9]{16}\"");
      }
    }
  }
}
