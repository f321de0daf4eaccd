package io.kava.controllermanager.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.NamespaceStatus;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.KavaClient;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.controllermanager.Controller;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The serviceaccount controller and the root-ca-cert-publisher against a fake API: what each creates in
 * an Active namespace, what it puts back, what it leaves alone (terminating namespaces, objects already
 * right: a second sync writes nothing).
 */
class ServiceAccountControllersTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private final FakeApi api = new FakeApi();
  private KavaClient client;
  private InformerFactory informers;
  private Controller controller;

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.stop();
    }
    if (informers != null) {
      informers.close();
    }
    if (client != null) {
      client.close();
    }
    api.close();
  }

  private <C extends Controller> C start(java.util.function.Function<KavaClient, C> make) throws InterruptedException {
    client = api.client();
    C c = make.apply(client);
    controller = c;
    informers = new InformerFactory(client, Duration.ZERO);
    c.register(informers);
    informers.start();
    assertThat(informers.waitForSync(Duration.ofSeconds(20))).isTrue();
    return c;
  }

  private static Namespace namespace(String name, String phase) {
    return Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName(name)).setStatus(NamespaceStatus.newBuilder().setPhase(phase)).build();
  }

  private static ServiceAccount account(String ns, String name) {
    return ServiceAccount.newBuilder().setApiVersion("v1").setKind("ServiceAccount")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName(name)).build();
  }

  private ConfigMap stored(String ns) {
    return client.resource(ConfigMap.class).get(ns, RootCaCertPublisher.CONFIG_MAP);
  }

  @Test
  void everyActiveNamespaceGetsTheDefaultServiceAccount() throws InterruptedException {
    api.seed(namespace("team", "Active"));
    api.seed(namespace("going", "Terminating"));
    api.seed(namespace("has", "Active"));
    api.seed(account("has", "default"));
    ServiceAccountsController c = start(ServiceAccountsController::new);

    c.sync("team");
    c.sync("going");
    c.sync("has");
    c.sync("missing");

    assertThat(api.writes()).containsExactly("create serviceaccounts team/default");
    assertThat(client.resource(ServiceAccount.class).get("team", "default").getMetadata().getName()).isEqualTo("default");
  }

  @Test
  void aDeletedDefaultServiceAccountIsMadeAgain() throws InterruptedException {
    api.seed(namespace("team", "Active"));
    ServiceAccountsController c = start(ServiceAccountsController::new);
    c.run(1);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> api.writes().contains("create serviceaccounts team/default"));

    client.resource(ServiceAccount.class).delete("team", "default");

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.writes().stream()
        .filter(w -> w.equals("create serviceaccounts team/default")).count() == 2);
  }

  @Test
  void aCreateRacingTheCacheIsNotAnError() throws InterruptedException {
    api.seed(namespace("team", "Active"));
    ServiceAccountsController c = start(ServiceAccountsController::new);
    c.sync("team");
    // The informer may not have seen its own create yet: the second create is refused as AlreadyExists.
    c.sync("team");
    assertThat(api.writes()).containsExactly("create serviceaccounts team/default");
  }

  @Test
  void everyActiveNamespaceGetsTheRootCaConfigMap() throws InterruptedException {
    api.seed(namespace("team", "Active"));
    api.seed(namespace("going", "Terminating"));
    RootCaCertPublisher c = start(cl -> new RootCaCertPublisher(cl, CA));

    c.sync("team");
    c.sync("going");

    assertThat(api.writes()).containsExactly("create configmaps team/kube-root-ca.crt");
    ConfigMap cm = stored("team");
    assertThat(cm.getDataMap()).containsExactly(java.util.Map.entry("ca.crt", CA));
    assertThat(cm.getMetadata().getAnnotationsMap()).containsEntry("kubernetes.io/description",
        RootCaCertPublisher.DESCRIPTION);
  }

  @Test
  void anEditedRootCaConfigMapIsPutBackAndARightOneLeftAlone() throws InterruptedException {
    api.seed(namespace("team", "Active"));
    api.seed(namespace("fine", "Active"));
    api.seed(ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("team").setName(RootCaCertPublisher.CONFIG_MAP)
            .putLabels("kept", "yes"))
        .putData("ca.crt", "not the CA").putData("extra", "x").build());
    api.seed(ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("fine").setName(RootCaCertPublisher.CONFIG_MAP)
            .putAnnotations(RootCaCertPublisher.DESCRIPTION_ANNOTATION, "anything"))
        .putData("ca.crt", CA).build());
    RootCaCertPublisher c = start(cl -> new RootCaCertPublisher(cl, CA));

    c.sync("team");
    c.sync("fine");

    assertThat(api.writes()).containsExactly("update configmaps team/kube-root-ca.crt");
    ConfigMap cm = stored("team");
    assertThat(cm.getDataMap()).containsExactly(java.util.Map.entry("ca.crt", CA));
    assertThat(cm.getMetadata().getLabelsMap()).containsEntry("kept", "yes");
    assertThat(cm.getMetadata().getAnnotationsMap()).containsKey(RootCaCertPublisher.DESCRIPTION_ANNOTATION);
  }

  @Test
  void aDeletedOrEditedRootCaConfigMapIsRestoredByTheRunningController() throws InterruptedException {
    api.seed(namespace("team", "Active"));
    RootCaCertPublisher c = start(cl -> new RootCaCertPublisher(cl, CA));
    c.run(1);
    Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> stored("team").getDataMap().get("ca.crt").equals(CA));

    ConfigMap cm = stored("team");
    client.resource(ConfigMap.class).update(cm.toBuilder().putData("ca.crt", "tampered").build());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.writes().stream()
        .filter(w -> w.equals("update configmaps team/kube-root-ca.crt")).count() == 2);
    assertThat(stored("team").getDataMap().get("ca.crt")).isEqualTo(CA);

    client.resource(ConfigMap.class).delete("team", RootCaCertPublisher.CONFIG_MAP);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.writes().stream()
        .filter(w -> w.equals("create configmaps team/kube-root-ca.crt")).count() == 2);
  }
}
