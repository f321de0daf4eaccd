package io.kava.apiserver.registry;

import com.google.protobuf.Message;
import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestCondition;
import io.kava.api.certificates.v1.CertificateSigningRequestSpec;
import io.kava.api.certificates.v1.CertificateSigningRequestStatus;
import io.kava.api.certificates.v1.ExtraValue;
import io.kava.apiserver.auth.RequestUser;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.errors.FieldError;
import io.kava.apiserver.validation.CertificatesValidation;
import io.kava.apiserver.validation.NameRules;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.certificates.SigningRequests;
import java.time.Clock;
import java.util.List;

/**
 * Upstream's CertificateSigningRequest strategies (pkg/registry/certificates/certificates): the requesting
 * user is written into the spec on create, whatever the client sent; spec and status never change
 * through update; the status subresource writes the certificate and the conditions other than Approved
 * and Denied; the approval subresource writes the conditions only.
 */
final class SigningRequestStrategy implements KindStrategy {
  private static final List<String> APPROVAL_TYPES = List.of(SigningRequests.APPROVED, SigningRequests.DENIED);

  private final Clock clock;

  SigningRequestStrategy(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Kind kind() {
    return Kinds.CERTIFICATE_SIGNING_REQUEST;
  }

  @Override
  public NameRules.NameRule nameRule() {
    // Upstream: "We don't care what you call your certificate requests" beyond the generic path rules.
    return NameRules.PATH_SEGMENT;
  }

  @Override
  public Message prepareForCreate(Message object) {
    CertificateSigningRequest csr = (CertificateSigningRequest) object;
    UserInfo user = RequestUser.current();
    CertificateSigningRequestSpec.Builder spec = csr.getSpec().toBuilder()
        .setUsername(user.name()).setUid(user.uid()).clearGroups().addAllGroups(user.groups()).clearExtra();
    user.extra().forEach((k, v) -> spec.putExtra(k, ExtraValue.newBuilder().addAllItems(v).build()));
    return csr.toBuilder().setSpec(spec).setStatus(CertificateSigningRequestStatus.getDefaultInstance()).build();
  }

  @Override
  public Message prepareForUpdate(Message object, Message old) {
    CertificateSigningRequest o = (CertificateSigningRequest) old;
    return ((CertificateSigningRequest) object).toBuilder().setSpec(o.getSpec()).setStatus(o.getStatus()).build();
  }

  @Override
  public List<FieldError> validate(Message object) {
    return CertificatesValidation.validate((CertificateSigningRequest) object);
  }

  @Override
  public StatusWrite status() {
    return new StatusWrite() {
      @Override
      public Message prepare(Message object, Message old) {
        CertificateSigningRequest csr = (CertificateSigningRequest) object;
        CertificateSigningRequest o = (CertificateSigningRequest) old;
        CertificateSigningRequestStatus.Builder status = csr.getStatus().toBuilder().clearConditions();
        csr.getStatus().getConditionsList().stream().filter(c -> !APPROVAL_TYPES.contains(c.getType()))
            .forEach(status::addConditions);
        o.getStatus().getConditionsList().stream().filter(c -> APPROVAL_TYPES.contains(c.getType()))
            .forEach(status::addConditions);
        return withTimestamps(csr.toBuilder().setStatus(status).build(), o);
      }

      @Override
      public List<FieldError> validate(Message object, Message old) {
        return CertificatesValidation.validateSubresourceUpdate((CertificateSigningRequest) object,
            (CertificateSigningRequest) old, false, true);
      }
    };
  }

  @Override
  public StatusWrite approval() {
    return new StatusWrite() {
      @Override
      public Message prepare(Message object, Message old) {
        CertificateSigningRequest csr = (CertificateSigningRequest) object;
        CertificateSigningRequest o = (CertificateSigningRequest) old;
        CertificateSigningRequestStatus status = o.getStatus().toBuilder().clearConditions()
            .addAllConditions(csr.getStatus().getConditionsList()).build();
        return withTimestamps(csr.toBuilder().setStatus(status).build(), o);
      }

      @Override
      public List<FieldError> validate(Message object, Message old) {
        return CertificatesValidation.validateSubresourceUpdate((CertificateSigningRequest) object,
            (CertificateSigningRequest) old, true, false);
      }
    };
  }

  /** Upstream populateConditionTimestamps: unset times become now, or the transition time of the same condition. */
  private CertificateSigningRequest withTimestamps(CertificateSigningRequest csr, CertificateSigningRequest old) {
    String now = Registry.timestamp(clock.instant());
    CertificateSigningRequestStatus.Builder status = csr.getStatus().toBuilder();
    for (int i = 0; i < status.getConditionsCount(); i++) {
      CertificateSigningRequestCondition.Builder c = status.getConditions(i).toBuilder();
      if (c.getLastUpdateTime().isEmpty()) {
        c.setLastUpdateTime(now);
      }
      if (c.getLastTransitionTime().isEmpty()) {
        c.setLastTransitionTime(old.getStatus().getConditionsList().stream()
            .filter(p -> p.getType().equals(c.getType()) && p.getStatus().equals(c.getStatus())
                && !p.getLastTransitionTime().isEmpty())
            .map(CertificateSigningRequestCondition::getLastTransitionTime).findFirst().orElse(now));
      }
      status.setConditions(i, c);
    }
    return csr.toBuilder().setStatus(status).build();
  }
}
