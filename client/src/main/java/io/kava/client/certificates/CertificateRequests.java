package io.kava.client.certificates;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
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
 * The Bouncy Castle calls of certificate signing requests, in one place: parse and check a PEM PKCS#10
 * request, make one for a new key, and sign one with a CA (upstream's authority.Sign). Issue 12's PKI
 * library (io.kava.client.pki) is written beside this on another branch; fold this into it when both meet.
 */
public final class CertificateRequests {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CertificateRequests() {}

  /** What a PEM request asks for; its signature must verify with its own key, as upstream's CheckSignature. */
  public static RequestedCertificate parse(byte[] pem) {
    JcaPKCS10CertificationRequest request = pkcs10(pem);
    try {
      PublicKey key = request.getPublicKey();
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("x509: invalid signature: the request is not signed by its key");
      }
      X500Name subject = request.getSubject();
      List<String> dns = new ArrayList<>();
      List<String> ips = new ArrayList<>();
      List<String> emails = new ArrayList<>();
      List<String> uris = new ArrayList<>();
      for (GeneralName name : alternativeNames(request)) {
        String value = name.getTagNo() == GeneralName.iPAddress
            ? ip(DEROctetString.getInstance(name.getName()).getOctets()) : name.getName().toString();
        switch (name.getTagNo()) {
          case GeneralName.dNSName -> dns.add(value);
          case GeneralName.iPAddress -> ips.add(value);
          case GeneralName.rfc822Name -> emails.add(value);
          case GeneralName.uniformResourceIdentifier -> uris.add(value);
          default -> { }
        }
      }
      return new RequestedCertificate(first(subject, BCStyle.CN), all(subject, BCStyle.O), dns, ips, emails, uris,
          key instanceof RSAPublicKey);
    } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
      throw new IllegalArgumentException("x509: " + e.getMessage());
    }
  }

  private static JcaPKCS10CertificationRequest pkcs10(byte[] pem) {
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      Object o = parser.readObject();
      if (!(o instanceof PKCS10CertificationRequest r)) {
        throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
      }
      return new JcaPKCS10CertificationRequest(r);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("PEM")) {
        throw iae;
      }
      throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
    }
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

  private static String first(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
    List<String> values = all(name, type);
    return values.isEmpty() ? "" : values.get(0);
  }

  private static List<String> all(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
    List<String> values = new ArrayList<>();
    for (RDN rdn : name.getRDNs(type)) {
      values.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
    }
    return values;
  }

  /** Why these bytes are not PEM certificates (upstream validateCertificate), or null when they are (or are empty). */
  public static String certificateChainError(byte[] pem) {
    if (pem.length == 0) {
      return null;
    }
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN ")) {
      return "must contain at least one CERTIFICATE PEM block";
    }
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (var block = parser.readPemObject(); block != null; block = parser.readPemObject()) {
        if (!block.getType().equals("CERTIFICATE")) {
          return "only CERTIFICATE PEM blocks are allowed, found \"" + block.getType() + "\"";
        }
        if (!block.getHeaders().isEmpty()) {
          return "no PEM block headers are permitted";
        }
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(block.getContent()));
      }
      return null;
    } catch (IOException | CertificateException e) {
      return "x509: " + e.getMessage();
    }
  }

  /** The certificates of a PEM chain (the issued one first). */
  public static List<X509Certificate> certificates(byte[] pem) {
    try {
      Collection<? extends java.security.cert.Certificate> all =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      return all.stream().map(X509Certificate.class::cast).toList();
    } catch (CertificateException e) {
      throw new IllegalArgumentException("x509: " + e.getMessage());
    }
  }

  /** A new ECDSA P-256 key, as upstream's kubelet makes for its client certificate. */
  public static KeyPair newKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys are not available in this JVM", e);
    }
  }

  /** A PEM request for CN=commonName, O=each organization, signed by the key. */
  public static byte[] request(KeyPair key, String commonName, List<String> organizations) {
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(o -> subject.addRDN(BCStyle.O, o));
    subject.addRDN(BCStyle.CN, commonName);
    try {
      PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject.build(), key.getPublic())
          .build(new JcaContentSignerBuilder(signatureAlgorithm(key.getPrivate())).build(key.getPrivate()));
      return pem("CERTIFICATE REQUEST", request.getEncoded());
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("Could not sign a certificate request: " + e.getMessage(), e);
    }
  }

  /**
   * Issues the certificate a request asks for, signed by the CA (upstream's authority.Sign with its
   * PermissiveSigningPolicy): the request's subject, alternative names and key, the given usages, not a
   * CA, valid from notBefore to notAfter (capped at the CA's own end). Returns it PEM-encoded.
   */
  public static byte[] sign(byte[] requestPem, Set<String> usages, X509Certificate ca, PrivateKey caKey,
      Instant notBefore, Instant notAfter) {
    JcaPKCS10CertificationRequest request = pkcs10(requestPem);
    Instant end = notAfter.isAfter(ca.getNotAfter().toInstant()) ? ca.getNotAfter().toInstant() : notAfter;
    try {
      PublicKey key = request.getPublicKey();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(
          ca.getSubjectX500Principal().getEncoded()), new BigInteger(128, RANDOM).abs(), Date.from(notBefore),
          Date.from(end), request.getSubject(), key);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
      builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
      int keyUsage = keyUsage(usages);
      if (keyUsage != 0) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      }
      List<KeyPurposeId> purposes = extendedUsages(usages);
      if (!purposes.isEmpty()) {
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
      }
      List<GeneralName> san = alternativeNames(request);
      if (!san.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
      }
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(signatureAlgorithm(caKey)).build(caKey)));
      return pem("CERTIFICATE", cert.getEncoded());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("Could not sign the certificate request: " + e.getMessage(), e);
    }
  }

  private static int keyUsage(Set<String> usages) {
    int bits = 0;
    for (String u : usages) {
      bits |= switch (u) {
        case "signing", SigningRequests.USAGE_DIGITAL_SIGNATURE -> KeyUsage.digitalSignature;
        case "content commitment" -> KeyUsage.nonRepudiation;
        case SigningRequests.USAGE_KEY_ENCIPHERMENT -> KeyUsage.keyEncipherment;
        case "key agreement" -> KeyUsage.keyAgreement;
        case "data encipherment" -> KeyUsage.dataEncipherment;
        case "cert sign" -> KeyUsage.keyCertSign;
        case "crl sign" -> KeyUsage.cRLSign;
        case "encipher only" -> KeyUsage.encipherOnly;
        case "decipher only" -> KeyUsage.decipherOnly;
        default -> 0;
      };
    }
    return bits;
  }

  private static List<KeyPurposeId> extendedUsages(Set<String> usages) {
    List<KeyPurposeId> ids = new ArrayList<>();
    for (String u : SigningRequests.KEY_USAGES) {
      if (!usages.contains(u)) {
        continue;
      }
      KeyPurposeId id = switch (u) {
        case "any" -> KeyPurposeId.anyExtendedKeyUsage;
        case SigningRequests.USAGE_SERVER_AUTH -> KeyPurposeId.id_kp_serverAuth;
        case SigningRequests.USAGE_CLIENT_AUTH -> KeyPurposeId.id_kp_clientAuth;
        case "code signing" -> KeyPurposeId.id_kp_codeSigning;
        case "email protection", "s/mime" -> KeyPurposeId.id_kp_emailProtection;
        case "ipsec end system" -> KeyPurposeId.id_kp_ipsecEndSystem;
        case "ipsec tunnel" -> KeyPurposeId.id_kp_ipsecTunnel;
        case "ipsec user" -> KeyPurposeId.id_kp_ipsecUser;
        case "timestamping" -> KeyPurposeId.id_kp_timeStamping;
        case "ocsp signing" -> KeyPurposeId.id_kp_OCSPSigning;
        default -> null;
      };
      if (id != null && !ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static String signatureAlgorithm(PrivateKey key) {
    return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
  }

  /** DER bytes as one PEM block. */
  public static byte[] pem(String type, byte[] der) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new org.bouncycastle.util.io.pem.PemObject(type, der));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A PEM private key: PKCS#8 "PRIVATE KEY", or OpenSSL's "RSA PRIVATE KEY" and "EC PRIVATE KEY". */
  public static PrivateKey privateKey(byte[] pem) {
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      Object o = parser.readObject();
      var converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
      if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException("no PEM private key found");
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable PEM private key: " + e.getMessage());
    }
  }

  /** A private key as PEM ("PRIVATE KEY", PKCS#8). */
  public static byte[] privateKeyPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }
}
