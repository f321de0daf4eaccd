package io.kava.client.pki;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a certificate says: subject (CN and O, which the API server reads as user and groups),
 * subject alternative names, extended key usages and validity. Immutable; the with... methods copy.
 */
public record CertificateProfile(
        String commonName,
        List<String> organizations,
        List<String> dnsNames,
        List<String> ipAddresses,
        Set<Usage> usages,
        Duration validity) {

    /** kubeadm's validity for every certificate that is not a CA. */
    public static final Duration ONE_YEAR = Duration.ofDays(365);

    /** Extended key usages, as upstream's certificates.k8s.io usages "server auth" and "client auth". */
    public enum Usage { SERVER_AUTH, CLIENT_AUTH }

    public CertificateProfile {
        if (commonName == null || commonName.isBlank()) {
            throw new PkiException("A certificate needs a common name");
        }
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        usages = Set.copyOf(usages);
        if (validity.isNegative() || validity.isZero()) {
            throw new PkiException("A certificate's validity must be positive, not " + validity);
        }
    }

    /** A client certificate: CN is the user name, each O a group. */
    public static CertificateProfile client(String user, List<String> groups) {
        return new CertificateProfile(user, groups, List.of(), List.of(), Set.of(Usage.CLIENT_AUTH), ONE_YEAR);
    }

    /** A serving certificate for the given DNS names and IP addresses. */
    public static CertificateProfile server(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        return new CertificateProfile(commonName, List.of(), dnsNames, ipAddresses, Set.of(Usage.SERVER_AUTH), ONE_YEAR);
    }

    public CertificateProfile withUsages(Usage... newUsages) {
        return new CertificateProfile(commonName, organizations, dnsNames, ipAddresses, Set.of(newUsages), validity);
    }

    public CertificateProfile withValidity(Duration newValidity) {
        return new CertificateProfile(commonName, organizations, dnsNames, ipAddresses, usages, newValidity);
    }
}
