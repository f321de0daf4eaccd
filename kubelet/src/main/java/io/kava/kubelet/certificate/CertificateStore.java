package io.kava.kubelet.certificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet's client certificates on disk, as upstream's FileStore: each one is written as
 * {@code kubelet-client-<timestamp>.pem} (certificate then key, mode 0600) and the symlink
 * {@code kubelet-client-current.pem} is swapped to it atomically (a new link renamed over the old), so
 * that a reader (the kubeconfig names the link) sees the old pair or the new one, never half of one.
 */
public final class CertificateStore {
  public static final String CURRENT = "kubelet-client-current.pem";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
  private static final Pattern CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\\s*", Pattern.DOTALL);
  private static final Pattern KEY = Pattern.compile(
      "-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?-----END \\1PRIVATE KEY-----\\s*", Pattern.DOTALL);

  private final Path dir;
  private final Clock clock;

  public CertificateStore(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  public Path currentPath() {
    return dir.resolve(CURRENT);
  }

  /** The pair the current link names, or empty when there is none yet. */
  public Optional<KeyMaterial> current() {
    Path current = currentPath();
    if (!Files.exists(current)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(current, StandardCharsets.US_ASCII);
      StringBuilder certs = new StringBuilder();
      Matcher m = CERTIFICATE.matcher(text);
      while (m.find()) {
        certs.append(m.group());
      }
      Matcher k = KEY.matcher(text);
      if (certs.isEmpty() || !k.find()) {
        throw new IllegalStateException(current + " does not hold a certificate and a private key");
      }
      return Optional.of(KeyMaterial.of(certs.toString().getBytes(StandardCharsets.US_ASCII),
          k.group().getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the pair and points the current link at it; returns the new file. */
  public Path update(KeyMaterial material) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("kubelet-client-" + STAMP.format(clock.instant()) + ".pem");
      Path temp = Files.createTempFile(dir, ".kubelet-client-", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temp, material.combinedPem());
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Path link = dir.resolve("." + CURRENT + ".tmp");
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, file.getFileName());
      Files.move(link, currentPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the client certificate under " + dir, e);
    }
  }
}
