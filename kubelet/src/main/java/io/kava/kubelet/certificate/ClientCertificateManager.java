package io.kava.kubelet.certificate;

import io.kava.client.certificates.CertificateRequests;
import io.kava.client.certificates.SigningRequests;
import io.kava.client.pki.KeyAlgorithm;
import io.kava.client.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's client certificate rotation (upstream --rotate-certificates, client-go's certificate
 * manager): past a jittered deadline at 70-90 % of the current certificate's lifetime it makes a new
 * ECDSA key, asks for system:node:NAME / O=system:nodes with a CertificateSigningRequest, waits for the
 * certificate, stores the pair ({@link CertificateStore}) and tells its listeners, which reconnect with
 * it. A failed attempt is retried with a doubling delay; the old certificate stays in use meanwhile.
 * It is the kubelet's certificate source: {@link #current()} is the pair to connect with.
 */
public final class ClientCertificateManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClientCertificateManager.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final String nodeName;
  private final CertificateStore store;
  private final CertificateSigner signer;
  private final Duration requestTimeout;
  private final Clock clock;
  private final DoubleSupplier random;
  private final List<Consumer<KeyMaterial>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubelet-certificate-rotation");
    t.setDaemon(true);
    return t;
  });
  private volatile KeyMaterial current;
  private Instant deadline;
  private Duration retry = FIRST_RETRY;

  public ClientCertificateManager(String nodeName, CertificateStore store, CertificateSigner signer,
      Duration requestTimeout, Clock clock, DoubleSupplier random) {
    this.nodeName = nodeName;
    this.store = store;
    this.signer = signer;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.random = random;
    this.current = store.current().orElse(null);
    this.deadline = current == null ? clock.instant() : deadlineOf(current);
  }

  /** The pair to connect with, empty until the first certificate is issued. */
  public Optional<KeyMaterial> current() {
    return Optional.ofNullable(current);
  }

  /** Called with each new pair, on the rotation thread, after it is stored. */
  public void onRotate(Consumer<KeyMaterial> listener) {
    listeners.add(listener);
  }

  public synchronized Instant deadline() {
    return deadline;
  }

  /** Checks now and then again at every deadline. */
  public void start() {
    executor.execute(this::tick);
  }

  private void tick() {
    Duration wait;
    try {
      rotateIfDue();
      synchronized (this) {
        retry = FIRST_RETRY;
        wait = Duration.between(clock.instant(), deadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      synchronized (this) {
        wait = retry;
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
      }
      log.warn("Could not rotate the client certificate, retrying in {}: {}", wait, e.getMessage());
    }
    if (!executor.isShutdown()) {
      executor.schedule(this::tick, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }
  }

  /** One step: when the deadline has passed, gets, stores and announces a new pair. Returns whether it did. */
  public boolean rotateIfDue() throws InterruptedException {
    synchronized (this) {
      if (clock.instant().isBefore(deadline)) {
        return false;
      }
    }
    KeyPair key = KeyAlgorithm.ECDSA_P256.generate();
    byte[] request = CertificateRequests.request(key, SigningRequests.NODE_USER_PREFIX + nodeName,
        List.of(SigningRequests.NODES_GROUP));
    byte[] certificate = signer.sign(request, requestTimeout);
    KeyMaterial material = KeyMaterial.of(certificate, Pem.encode(key.getPrivate()).getBytes(StandardCharsets.US_ASCII));
    store.update(material);
    synchronized (this) {
      current = material;
      deadline = deadlineOf(material);
    }
    log.info("Rotated the client certificate of node {}: valid until {}, next rotation after {}", nodeName,
        material.certificate().getNotAfter().toInstant(), deadline);
    listeners.forEach(l -> l.accept(material));
    return true;
  }

  private Instant deadlineOf(KeyMaterial material) {
    return RotationDeadline.next(material.certificate().getNotBefore().toInstant(),
        material.certificate().getNotAfter().toInstant(), random);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
