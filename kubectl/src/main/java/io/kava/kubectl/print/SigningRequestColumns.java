package io.kava.kubectl.print;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestCondition;
import io.kava.client.certificates.SigningRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The row of `get csr`, as kubectl's printCertificateSigningRequest. */
public final class SigningRequestColumns {
  static final List<String> HEADERS = List.of("NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION");
  private static final String NONE = "<none>";

  private SigningRequestColumns() {}

  static List<String> row(CertificateSigningRequest csr, Instant now) {
    var spec = csr.getSpec();
    return List.of(KindTables.name(csr), KindTables.age(csr, now),
        spec.getSignerName().isEmpty() ? NONE : spec.getSignerName(), spec.getUsername(),
        spec.hasExpirationSeconds() ? Age.human(Duration.ofSeconds(spec.getExpirationSeconds())) : NONE,
        condition(csr));
  }

  /** Upstream extractCSRStatus: Denied over Approved over Pending, then ",Failed" and ",Issued". */
  public static String condition(CertificateSigningRequest csr) {
    boolean approved = false;
    boolean denied = false;
    boolean failed = false;
    for (CertificateSigningRequestCondition c : csr.getStatus().getConditionsList()) {
      switch (c.getType()) {
        case SigningRequests.APPROVED -> approved = true;
        case SigningRequests.DENIED -> denied = true;
        case SigningRequests.FAILED -> failed = true;
        default -> { }
      }
    }
    String status = denied ? "Denied" : approved ? "Approved" : "Pending";
    if (failed) {
      status += ",Failed";
    }
    if (!csr.getStatus().getCertificate().isEmpty()) {
      status += ",Issued";
    }
    return status;
  }
}
