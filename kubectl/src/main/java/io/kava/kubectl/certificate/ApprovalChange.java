package io.kava.kubectl.certificate;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestCondition;
import io.kava.kubectl.CliException;

/**
 * kubectl's addConditionIfNeeded: `certificate approve` adds Approved and `certificate deny` adds Denied,
 * refusing a request that already has the other one; a request that already has the condition is left
 * alone unless --force.
 *
 * @param type the condition to add (Approved or Denied)
 * @param opposite the condition that refuses the change
 * @param verb what kubectl prints after the name ("approved", "denied")
 */
public record ApprovalChange(String type, String opposite, String reason, String message, String verb) {
  public static final ApprovalChange APPROVE = new ApprovalChange("Approved", "Denied", "KubectlApprove",
      "This CSR was approved by kubectl certificate approve.", "approved");
  public static final ApprovalChange DENY = new ApprovalChange("Denied", "Approved", "KubectlDeny",
      "This CSR was denied by kubectl certificate deny.", "denied");

  /** The request with the condition added, or null when it already has it and force is not set. */
  public CertificateSigningRequest apply(CertificateSigningRequest csr, boolean force, String now) {
    boolean has = false;
    for (CertificateSigningRequestCondition c : csr.getStatus().getConditionsList()) {
      if (c.getType().equals(opposite)) {
        throw CliException.error("certificate signing request \"" + csr.getMetadata().getName() + "\" is already "
            + opposite);
      }
      has |= c.getType().equals(type);
    }
    if (has && !force) {
      return null;
    }
    if (has) {
      return csr;
    }
    CertificateSigningRequestCondition condition = CertificateSigningRequestCondition.newBuilder().setType(type)
        .setStatus("True").setReason(reason).setMessage(message).setLastUpdateTime(now).build();
    return csr.toBuilder().setStatus(csr.getStatus().toBuilder().addConditions(condition)).build();
  }
}
