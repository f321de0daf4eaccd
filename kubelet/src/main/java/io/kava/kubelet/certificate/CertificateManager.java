package io.kava.kubelet.certificate;

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
 * The kubelet's certificate rotation (client-go's certificate manager), for its client certificate
 * (upstream --rotate-certificates) and its serving certificate (--rotate-server-certificates), each
 * described by a {@link CertificateTemplate}: past a jittered deadline at 70-90 % of the current
 * certificate's lifetime (or at once when there is none, or it no longer names what the template asks
 * for) it makes a new ECDSA key, asks for the template's certificate with a CertificateSigningRequest,
 * waits for it, stores the pair ({@link CertificateStore}) and tells its listeners (they reconnect, or
 * serve it). A failed attempt is retried with a doubling delay; the old certificate stays in use meanwhile.
 * {@link #current()} is the pair in use.
 */
public final class CertificateManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CertificateManager.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(2);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final CertificateTemplate template;
  private final CertificateStore store;
  private final CertificateSigner signer;
  private final Duration requestTimeout;
  private final Clock clock;
  private final DoubleSupplier random;
  private final List<Consumer<KeyMaterial>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubelet-certificate-rotation-" + kind());
    t.setDaemon(true);
    return t;
  });
  private volatile KeyMaterial current;
  private Instant deadline;
  private Duration retry = FIRST_RETRY;

  /** The client certificate of node {@code nodeName}. */
  public static CertificateManager client(String nodeName, CertificateStore store, CertificateSigner signer,
      Duration requestTimeout, Clock clock, DoubleSupplier random) {
    return new CertificateManager(CertificateTemplate.client(nodeName), store, signer, requestTimeout, clock, random);
  }

  /** signer: one that asks the template's signer for its usages ({@link ApiCertificateSigner#forTemplate}). */
  public CertificateManager(CertificateTemplate template, CertificateStore store, CertificateSigner signer,
      Duration requestTimeout, Clock clock, DoubleSupplier random) {
    this.template = template;
    this.store = store;
    this.signer = signer;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.random = random;
    this.current = store.current().orElse(null);
    this.deadline = current == null || !template.matches(current.certificate()) ? clock.instant() : deadlineOf(current);
  }

  private String kind() {
    return template == null ? "" : template.kind();
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
      log.warn("Could not rotate the {} certificate, retrying in {}: {}", template.kind(), wait, e.getMessage());
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
    byte[] certificate = signer.sign(template.request(key), requestTimeout);
    KeyMaterial material = KeyMaterial.of(certificate, Pem.encode(key.getPrivate()).getBytes(StandardCharsets.US_ASCII));
    store.update(material);
    synchronized (this) {
      current = material;
      deadline = deadlineOf(material);
    }
    log.info("Rotated the {} certificate of {}: valid until {}, next rotation after {}", template.kind(),
        template.commonName(), material.certificate().getNotAfter().toInstant(), deadline);
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
