package io.kava.client.pki;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** A certificate subject's common name and organizations: how Kubernetes reads user and groups. */
public record CertificateSubject(String commonName, List<String> organizations) {

    public CertificateSubject {
        organizations = List.copyOf(organizations);
    }

    public static CertificateSubject of(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> commonNames = values(name, BCStyle.CN);
        return new CertificateSubject(commonNames.isEmpty() ? "" : commonNames.get(0), values(name, BCStyle.O));
    }

    /** O=group... then CN=user, the order kubeadm writes ("O = system:masters, CN = kubernetes-admin"). */
    X500Name toX500Name() {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> builder.addRDN(BCStyle.O, o));
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }

    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        return Arrays.stream(name.getRDNs(type))
                .map(RDN::getFirst)
                .map(value -> ((ASN1String) value.getValue()).getString())
                .toList();
    }
}
