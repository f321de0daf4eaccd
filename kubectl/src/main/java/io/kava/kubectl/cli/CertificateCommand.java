package io.kava.kubectl.cli;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.client.ResourceClient;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.certificate.ApprovalChange;
import io.kava.kubectl.resource.ObjectNames;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `kavactl certificate approve|deny NAME...`, as `kubectl certificate`: writes the approval subresource. */
@Command(name = "certificate", mixinStandardHelpOptions = true, description = "Modify certificate resources.",
    subcommands = {CertificateCommand.Approve.class, CertificateCommand.Deny.class})
final class CertificateCommand implements Callable<Integer> {
  /** kubectl retries a conflicting approval this many times, reading the request again each time. */
  private static final int CONFLICT_RETRIES = 10;

  @ParentCommand
  RootCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 1;
  }

  abstract static class Verb implements Callable<Integer> {
    @ParentCommand
    CertificateCommand parent;

    @Parameters(paramLabel = "NAME", arity = "0..*")
    List<String> names = List.of();

    abstract ApprovalChange change();

    abstract boolean force();

    @Override
    public Integer call() {
      if (names.isEmpty()) {
        throw CliException.error("one or more CSRs must be specified as <name> or -f <filename>");
      }
      Session session = parent.root.session();
      ResourceClient<CertificateSigningRequest> csrs = session.client().resource(CertificateSigningRequest.class);
      int failures = 0;
      // As kubectl, every name is tried; each failure is printed and the exit code tells there was one.
      for (String name : names) {
        try {
          change(session, csrs, name);
          session.out().println(ObjectNames.slashed(Kinds.CERTIFICATE_SIGNING_REQUEST, name) + " " + change().verb());
        } catch (ApiException e) {
          session.err().println(session.describe(e, Kinds.CERTIFICATE_SIGNING_REQUEST, name));
          failures++;
        } catch (CliException e) {
          session.err().println(e.getMessage());
          failures++;
        }
      }
      return failures == 0 ? 0 : 1;
    }

    private void change(Session session, ResourceClient<CertificateSigningRequest> csrs, String name) {
      for (int attempt = 0; ; attempt++) {
        CertificateSigningRequest csr = csrs.get("", name);
        String now = Instant.now(session.clock()).truncatedTo(ChronoUnit.SECONDS).toString();
        CertificateSigningRequest changed = change().apply(csr, force(), now);
        if (changed == null) {
          return;
        }
        try {
          csrs.updateApproval(changed);
          return;
        } catch (ApiException e) {
          if (!e.isConflict() || attempt >= CONFLICT_RETRIES) {
            throw e;
          }
        }
      }
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a certificate signing request.")
  static final class Approve extends Verb {
    @Option(names = "--force", description = "Update the CSR even if it is already approved.")
    boolean force;

    @Override
    ApprovalChange change() {
      return ApprovalChange.APPROVE;
    }

    @Override
    boolean force() {
      return force;
    }
  }

  @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a certificate signing request.")
  static final class Deny extends Verb {
    @Option(names = "--force", description = "Update the CSR even if it is already denied.")
    boolean force;

    @Override
    ApprovalChange change() {
      return ApprovalChange.DENY;
    }

    @Override
    boolean force() {
      return force;
    }
  }
}
