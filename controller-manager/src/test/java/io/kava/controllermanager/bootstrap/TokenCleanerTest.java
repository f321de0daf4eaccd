package io.kava.controllermanager.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.bootstrap.BootstrapTokens;
import io.kava.client.informer.InformerFactory;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An expired bootstrap token Secret goes, one not yet expired or without expiration stays, other Secrets too. */
class TokenCleanerTest {
  private final FakeApi api = new FakeApi();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T04:00:00Z"));
  private KavaClient client;
  private InformerFactory informers;
  private TokenCleaner cleaner;

  @AfterEach
  void tearDown() {
    if (cleaner != null) {
      cleaner.stop();
    }
    if (informers != null) {
      informers.close();
    }
    if (client != null) {
      client.close();
    }
    api.close();
  }

  private void start() throws InterruptedException {
    client = api.client();
    cleaner = new TokenCleaner(client, clock);
    informers = new InformerFactory(client, Duration.ZERO);
    cleaner.register(informers);
    informers.start();
    assertThat(informers.waitForSync(Duration.ofSeconds(20))).isTrue();
  }

  private void seedToken(String id, Optional<Instant> expiration) {
    api.seed(BootstrapTokens.secret(new BootstrapTokens.Token(id, "0123456789abcdef"), expiration, "", List.of()));
  }

  private List<String> stored() {
    return client.resource(Secret.class).list(ListOptions.all()).items().stream()
        .map(s -> s.getMetadata().getName()).sorted().toList();
  }

  @Test
  void anExpiredTokenIsDeletedWhenItsTimeComes() throws InterruptedException {
    seedToken("aaaaaa", Optional.of(clock.instant().plusSeconds(60)));
    seedToken("bbbbbb", Optional.empty());
    // The same type outside kube-system is not a bootstrap token.
    api.seed(Secret.newBuilder().setType(BootstrapTokens.SECRET_TYPE).setMetadata(ObjectMeta.newBuilder()
        .setNamespace("default").setName("bootstrap-token-cccccc")).putData("expiration",
            com.google.protobuf.ByteString.copyFromUtf8("2000-01-01T00:00:00Z")).build());
    start();

    cleaner.sync("kube-system/bootstrap-token-aaaaaa");
    cleaner.sync("kube-system/bootstrap-token-bbbbbb");
    cleaner.sync("default/bootstrap-token-cccccc");
    assertThat(stored()).containsExactly("bootstrap-token-aaaaaa", "bootstrap-token-bbbbbb", "bootstrap-token-cccccc");

    clock.advance(Duration.ofSeconds(60));
    cleaner.sync("kube-system/bootstrap-token-aaaaaa");
    assertThat(stored()).containsExactly("bootstrap-token-bbbbbb", "bootstrap-token-cccccc");
    // Idempotent: the Secret already gone is no error.
    cleaner.sync("kube-system/bootstrap-token-aaaaaa");
  }
}
