package io.kava.apiserver.validation;

import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestCondition;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import io.kava.client.selector.LabelValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's CertificateSigningRequest validation (pkg/apis/certificates/validation) for v1, without the
 * tolerances upstream keeps for objects stored by older versions: the request must be a PEM PKCS#10
 * request with a valid signature, usages known and distinct, the signer a qualified name (not the legacy
 * one), conditions well formed, status.certificate PEM certificates.
 */
public final class CertificatesValidation {
  private static final Set<String> TRUE_ONLY_TYPES = Set.of(SigningRequests.APPROVED, SigningRequests.DENIED,
      SigningRequests.FAILED);
  private static final List<String> ALL_STATUSES = List.of("False", "True", "Unknown");

  private CertificatesValidation() {}

  public static List<FieldError> validate(CertificateSigningRequest csr) {
    List<FieldError> errs = new ArrayList<>();
    var spec = csr.getSpec();
    try {
      CertificateRequests.parse(spec.getRequest().toByteArray());
    } catch (IllegalArgumentException e) {
      errs.add(FieldError.invalid("spec.request", "<request data>", e.getMessage()));
    }
    if (spec.getUsagesCount() == 0) {
      errs.add(FieldError.required("spec.usages", ""));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < spec.getUsagesCount(); i++) {
      String usage = spec.getUsages(i);
      if (!SigningRequests.KEY_USAGES.contains(usage)) {
        errs.add(FieldError.notSupported("spec.usages[" + i + "]", usage, SigningRequests.KEY_USAGES.stream().sorted().toList()));
      }
      if (!seen.add(usage)) {
        errs.add(FieldError.duplicate("spec.usages[" + i + "]", usage));
      }
    }
    if (spec.getSignerName().equals(SigningRequests.LEGACY_UNKNOWN)) {
      errs.add(FieldError.invalid("spec.signerName", spec.getSignerName(),
          "the legacy signerName is not allowed via this API version"));
    } else {
      errs.addAll(validateSignerName(spec.getSignerName()));
    }
    if (spec.hasExpirationSeconds() && spec.getExpirationSeconds() < SigningRequests.MIN_EXPIRATION_SECONDS) {
      errs.add(FieldError.invalid("spec.expirationSeconds", spec.getExpirationSeconds(),
          "may not specify a duration less than 600 seconds (10 minutes)"));
    }
    errs.addAll(validateConditions(csr.getStatus().getConditionsList()));
    String certificateError = CertificateRequests.certificateChainError(csr.getStatus().getCertificate().toByteArray());
    if (certificateError != null) {
      errs.add(FieldError.invalid("status.certificate", "<certificate data>", certificateError));
    }
    return errs;
  }

  /** Upstream ValidateSignerName: DOMAIN/PATH, a domain of at least two DNS labels, a path of subdomains. */
  static List<FieldError> validateSignerName(String signerName) {
    String field = "spec.signerName";
    List<FieldError> errs = new ArrayList<>();
    if (signerName.isEmpty()) {
      errs.add(FieldError.required(field, ""));
      return errs;
    }
    String[] segments = signerName.split("/", -1);
    if (segments.length != 2) {
      errs.add(FieldError.invalid(field, signerName,
          "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
      return errs;
    }
    String domain = segments[0];
    if (domain.length() > LabelValidation.DNS1123_SUBDOMAIN_MAX_LENGTH) {
      errs.add(FieldError.tooLong(field, LabelValidation.DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    String[] labels = domain.split("\\.", -1);
    for (String label : labels) {
      List<String> msgs = LabelValidation.isDns1123Label(label);
      if (!msgs.isEmpty()) {
        msgs.forEach(m -> errs.add(FieldError.invalid(field, domain, "validating label \"" + label + "\": " + m)));
        break;
      }
    }
    if (labels.length < 2) {
      errs.add(FieldError.invalid(field, domain, "should be a domain with at least two segments separated by dots"));
    }
    for (String component : segments[1].split("\\.", -1)) {
      List<String> msgs = LabelValidation.isDns1123Subdomain(component);
      if (!msgs.isEmpty()) {
        msgs.forEach(m -> errs.add(FieldError.invalid(field, segments[1], "validating component \"" + component + "\": " + m)));
        break;
      }
    }
    return errs;
  }

  private static List<FieldError> validateConditions(List<CertificateSigningRequestCondition> conditions) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean approved = false;
    boolean denied = false;
    for (int i = 0; i < conditions.size(); i++) {
      CertificateSigningRequestCondition c = conditions.get(i);
      String path = "status.conditions[" + i + "]";
      if (c.getType().isEmpty()) {
        errs.add(FieldError.required(path + ".type", ""));
      }
      List<String> allowed = TRUE_ONLY_TYPES.contains(c.getType()) ? List.of("True") : ALL_STATUSES;
      if (c.getStatus().isEmpty()) {
        errs.add(FieldError.required(path + ".status", ""));
      } else if (!allowed.contains(c.getStatus())) {
        errs.add(FieldError.notSupported(path + ".status", c.getStatus(), allowed));
      }
      if (c.getType().equals(SigningRequests.APPROVED)) {
        approved = true;
        if (denied) {
          errs.add(FieldError.invalid(path + ".type", c.getType(), "Approved and Denied conditions are mutually exclusive"));
        }
      } else if (c.getType().equals(SigningRequests.DENIED)) {
        denied = true;
        if (approved) {
          errs.add(FieldError.invalid(path + ".type", c.getType(), "Approved and Denied conditions are mutually exclusive"));
        }
      }
      if (!seen.add(c.getType())) {
        errs.add(FieldError.duplicate(path + ".type", c.getType()));
      }
    }
    return errs;
  }

  /**
   * Upstream validateCertificateSigningRequestUpdate for the status (mayApprove false, maySetCertificate
   * true) and approval (the reverse) subresources: Approved, Denied and Failed are never removed; only
   * the approval subresource adds or changes Approved and Denied; a certificate is set once, by status.
   */
  public static List<FieldError> validateSubresourceUpdate(CertificateSigningRequest csr, CertificateSigningRequest old,
      boolean mayApprove, boolean maySetCertificate) {
    List<FieldError> errs = new ArrayList<>();
    for (String type : TRUE_ONLY_TYPES.stream().sorted().toList()) {
      if (find(csr, type).size() < find(old, type).size()) {
        errs.add(FieldError.forbidden("status.conditions", "updates may not remove a condition of type \"" + type + "\""));
      }
    }
    if (!mayApprove) {
      for (String type : List.of(SigningRequests.APPROVED, SigningRequests.DENIED)) {
        List<CertificateSigningRequestCondition> now = find(csr, type);
        List<CertificateSigningRequestCondition> before = find(old, type);
        if (now.size() > before.size()) {
          errs.add(FieldError.forbidden("status.conditions", "updates may not add a condition of type \"" + type + "\""));
        } else if (now.size() == before.size() && !now.equals(before)) {
          errs.add(FieldError.forbidden("status.conditions", "updates may not modify a condition of type \"" + type + "\""));
        }
      }
    }
    if (!csr.getStatus().getCertificate().equals(old.getStatus().getCertificate())) {
      if (!maySetCertificate) {
        errs.add(FieldError.forbidden("status.certificate", "updates may not set certificate content"));
      } else if (!old.getStatus().getCertificate().isEmpty()) {
        errs.add(FieldError.forbidden("status.certificate", "updates may not modify existing certificate content"));
      }
    }
    return errs;
  }

  private static List<CertificateSigningRequestCondition> find(CertificateSigningRequest csr, String type) {
    return csr.getStatus().getConditionsList().stream().filter(c -> c.getType().equals(type)).toList();
  }
}
