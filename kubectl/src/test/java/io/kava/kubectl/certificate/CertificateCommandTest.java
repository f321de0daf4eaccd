package io.kava.kubectl.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.certificates.v1.CertificateSigningRequestSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import io.kava.client.pki.KeyAlgorithm;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `kavactl certificate approve|deny` and `get csr` against the API server, in kubectl's words. */
class CertificateCommandTest {
  private static final byte[] REQUEST = CertificateRequests.request(KeyAlgorithm.ECDSA_P256.generate(), "jane", List.of("dev"));
  private static InProcessApi api;
  private static ResourceClient<CertificateSigningRequest> csrs;
  private static CliRun cli;

  @BeforeAll
  static void start() {
    api = new InProcessApi();
    csrs = api.client.resource(CertificateSigningRequest.class);
    cli = new CliRun(server -> new KavaClient(api.client.channel(), false, Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static void create(String name) {
    csrs.create(CertificateSigningRequest.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name))
        .setSpec(CertificateSigningRequestSpec.newBuilder().setRequest(ByteString.copyFrom(REQUEST))
            .setSignerName(SigningRequests.KUBE_APISERVER_CLIENT).addUsages("client auth").setExpirationSeconds(86400))
        .build());
  }

  @Test
  void approveAddsTheConditionOnceAndSaysSo() {
    create("a1");

    Result first = cli.run("certificate", "approve", "a1");
    Result again = cli.run("certificate", "approve", "a1");

    assertThat(first.out()).isEqualTo("certificatesigningrequest.certificates.k8s.io/a1 approved\n");
    assertThat(again.out()).isEqualTo("certificatesigningrequest.certificates.k8s.io/a1 approved\n");
    CertificateSigningRequest csr = csrs.get("", "a1");
    assertThat(csr.getStatus().getConditionsList()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("Approved");
      assertThat(c.getReason()).isEqualTo("KubectlApprove");
      assertThat(c.getMessage()).isEqualTo("This CSR was approved by kubectl certificate approve.");
    });
  }

  @Test
  void denyAfterApproveIsRefusedAndOtherNamesGoOn() {
    create("d1");
    create("d2");
    cli.run("certificate", "approve", "d1");

    Result r = cli.run("certificate", "deny", "d1", "missing", "d2");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("certificatesigningrequest.certificates.k8s.io/d2 denied\n");
    assertThat(r.err()).contains("error: certificate signing request \"d1\" is already Approved")
        .contains("Error from server (NotFound): certificatesigningrequests.certificates.k8s.io \"missing\" not found");
    assertThat(SigningRequests.isDenied(csrs.get("", "d2"))).isTrue();
  }

  @Test
  void noNameIsAUsageError() {
    Result r = cli.run("certificate", "approve");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("error: one or more CSRs must be specified as <name> or -f <filename>");
  }

  @Test
  void getCsrPrintsKubectlsColumns() {
    create("g1");
    cli.run("certificate", "deny", "g1");

    Result r = cli.clock(java.time.Clock.fixed(Instant.now().plusSeconds(120), java.time.ZoneOffset.UTC))
        .run("get", "csr", "g1");

    List<List<String>> rows = r.out().lines().map(l -> List.of(l.split("\\s{2,}"))).toList();
    assertThat(rows.get(0)).containsExactly("NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION");
    assertThat(rows.get(1)).containsExactly("g1", rows.get(1).get(1), "kubernetes.io/kube-apiserver-client",
        "system:anonymous", "24h", "Denied");
    assertThat(rows.get(1).get(1)).startsWith("2m");
  }
}
