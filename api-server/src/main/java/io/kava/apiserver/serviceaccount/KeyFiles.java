package io.kava.apiserver.serviceaccount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ServiceAccount key files: PEM "PRIVATE KEY" (PKCS#8, what {@code openssl genpkey} writes) and
 * "PUBLIC KEY" (what {@code openssl pkey -pubout} writes). A key file given for verifying may hold either,
 * as upstream's --service-account-key-file. {@link #main} writes a new pair where openssl is missing
 * (and keeps a pair that is there).
 */
public final class KeyFiles {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private KeyFiles() {}

  public static RSAPrivateCrtKey privateKey(Path file) {
    for (Block block : blocks(file)) {
      if (block.type().equals("PRIVATE KEY")) {
        try {
          return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(block.der()));
        } catch (GeneralSecurityException | ClassCastException e) {
          throw new IllegalArgumentException(file + " does not hold an RSA private key: " + e.getMessage());
        }
      }
    }
    throw new IllegalArgumentException(file + " holds no PEM \"PRIVATE KEY\" (PKCS#8) block");
  }

  /** Every RSA public key in the file, the public half of a private key included. */
  public static List<RSAPublicKey> publicKeys(Path file) {
    List<RSAPublicKey> keys = new ArrayList<>();
    for (Block block : blocks(file)) {
      try {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (block.type().equals("PUBLIC KEY")) {
          keys.add((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(block.der())));
        } else if (block.type().equals("PRIVATE KEY")) {
          keys.add(publicHalf(privateKey(file)));
        }
      } catch (GeneralSecurityException | ClassCastException e) {
        throw new IllegalArgumentException(file + " does not hold an RSA key: " + e.getMessage());
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no PEM \"PUBLIC KEY\" or \"PRIVATE KEY\" block");
    }
    return keys;
  }

  public static RSAPublicKey publicHalf(RSAPrivateCrtKey key) {
    try {
      return (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a new pair as PRIVATE_FILE (mode 0600 where the file system allows) and PUBLIC_FILE. */
  public static void write(KeyPair pair, Path privateFile, Path publicFile) {
    try {
      Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      privateFile.toFile().setReadable(false, false);
      privateFile.toFile().setReadable(true, true);
      Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code java -cp kava-api-server.jar io.kava.apiserver.serviceaccount.KeyFiles sa.key sa.pub}. */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: KeyFiles PRIVATE_KEY_FILE PUBLIC_KEY_FILE");
      System.exit(2);
    }
    ensure(Path.of(args[0]), Path.of(args[1]));
  }

  /** Writes a new pair unless both files exist (a cluster's tokens survive its restarts, as kubeadm keeps sa.key). */
  public static boolean ensure(Path privateFile, Path publicFile) {
    if (Files.exists(privateFile) && Files.exists(publicFile)) {
      return false;
    }
    write(generate(), privateFile, publicFile);
    return true;
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the key file " + file + ": " + e.getMessage());
    }
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
    }
    return blocks;
  }
}
