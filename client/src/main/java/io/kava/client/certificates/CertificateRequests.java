package io.kava.client.certificates;

import io.kava.client.pki.Pem;
import io.kava.client.pki.PkiException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate signing requests, the part of X.509 the PKI library (io.kava.client.pki: the CA,
 * PEM, keys) does not cover: parse and check a PEM request, make one for a key, check a PEM chain.
 */
public final class CertificateRequests {
  private CertificateRequests() {}

  /** What a PEM request asks for; its signature must verify with its own key, as upstream's CheckSignature. */
  public static RequestedCertificate parse(byte[] pem) {
    JcaPKCS10CertificationRequest request = pkcs10(pem);
    PublicKey key = publicKey(request);
    try {
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("x509: invalid signature: the request is not signed by its key");
      }
    } catch (OperatorCreationException | PKCSException e) {
      throw new IllegalArgumentException("x509: " + e.getMessage());
    }
    X500Name subject = request.getSubject();
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    for (GeneralName name : alternativeNames(request)) {
      switch (name.getTagNo()) {
        case GeneralName.dNSName -> dns.add(name.getName().toString());
        case GeneralName.iPAddress -> ips.add(ip(DEROctetString.getInstance(name.getName()).getOctets()));
        case GeneralName.rfc822Name -> emails.add(name.getName().toString());
        case GeneralName.uniformResourceIdentifier -> uris.add(name.getName().toString());
        default -> { }
      }
    }
    return new RequestedCertificate(first(subject, BCStyle.CN), all(subject, BCStyle.O), dns, ips, emails, uris,
        key instanceof RSAPublicKey);
  }

  /** The public key a PEM request is for (what the signer certifies). */
  public static PublicKey publicKey(byte[] pem) {
    return publicKey(pkcs10(pem));
  }

  private static PublicKey publicKey(JcaPKCS10CertificationRequest request) {
    try {
      return request.getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("x509: " + e.getMessage());
    }
  }

  private static JcaPKCS10CertificationRequest pkcs10(byte[] pem) {
    Object o;
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      o = parser.readObject();
    } catch (IOException | RuntimeException e) {
      o = null;
    }
    if (!(o instanceof PKCS10CertificationRequest r)) {
      throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
    }
    return new JcaPKCS10CertificationRequest(r);
  }

  private static List<GeneralName> alternativeNames(PKCS10CertificationRequest request) {
    List<GeneralName> names = new ArrayList<>();
    for (var attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (ASN1Encodable value : attribute.getAttributeValues()) {
        GeneralNames san = GeneralNames.fromExtensions(Extensions.getInstance(value), Extension.subjectAlternativeName);
        if (san != null) {
          names.addAll(Arrays.asList(san.getNames()));
        }
      }
    }
    return names;
  }

  private static String ip(byte[] octets) {
    try {
      return InetAddress.getByAddress(octets).getHostAddress();
    } catch (UnknownHostException e) {
      return "";
    }
  }

  private static String first(X500Name name, ASN1ObjectIdentifier type) {
    List<String> values = all(name, type);
    return values.isEmpty() ? "" : values.get(0);
  }

  private static List<String> all(X500Name name, ASN1ObjectIdentifier type) {
    List<String> values = new ArrayList<>();
    for (RDN rdn : name.getRDNs(type)) {
      values.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
    }
    return values;
  }

  /** A PEM request for CN=commonName, O=each organization, signed by the key. */
  public static byte[] request(KeyPair key, String commonName, List<String> organizations) {
    return request(key, commonName, organizations, List.of(), List.of());
  }

  /** The same asking for DNS and IP subject alternative names too (a serving certificate's). */
  public static byte[] request(KeyPair key, String commonName, List<String> organizations, List<String> dnsNames,
      List<String> ipAddresses) {
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(o -> subject.addRDN(BCStyle.O, o));
    subject.addRDN(BCStyle.CN, commonName);
    String algorithm = key.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      var builder = new JcaPKCS10CertificationRequestBuilder(subject.build(), key.getPublic());
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
      ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      if (!names.isEmpty()) {
        var extensions = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      }
      writer.writeObject(builder.build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate())));
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("Could not sign a certificate request: " + e.getMessage(), e);
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Why these bytes are not PEM certificates (upstream validateCertificate), or null when they are (or are empty). */
  public static String certificateChainError(byte[] pem) {
    if (pem.length == 0) {
      return null;
    }
    String text = new String(pem, StandardCharsets.US_ASCII);
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      int blocks = 0;
      for (var block = parser.readPemObject(); block != null; block = parser.readPemObject()) {
        if (!block.getType().equals("CERTIFICATE")) {
          return "only CERTIFICATE PEM blocks are allowed, found \"" + block.getType() + "\"";
        }
        if (!block.getHeaders().isEmpty()) {
          return "no PEM block headers are permitted";
        }
        blocks++;
      }
      if (blocks == 0) {
        return "must contain at least one CERTIFICATE PEM block";
      }
      Pem.certificates(text);
      return null;
    } catch (IOException | PkiException e) {
      return "x509: " + e.getMessage();
    }
  }
}
