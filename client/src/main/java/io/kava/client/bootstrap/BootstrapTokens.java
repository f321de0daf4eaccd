package io.kava.client.bootstrap;

import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.Times;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Upstream's bootstrap tokens (k8s.io/cluster-bootstrap): a token {@code <id>.<secret>} lives in the Secret
 * {@code kube-system/bootstrap-token-<id>} of type {@code bootstrap.kubernetes.io/token}. The literals, the
 * token's shape, how a Secret is made from one and read back (expiry, groups), shared by the API server's
 * authenticator, the controller manager's tokencleaner, kavactl and the agent's join step.
 */
public final class BootstrapTokens {
  public static final String NAMESPACE = "kube-system";
  public static final String SECRET_PREFIX = "bootstrap-token-";
  public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
  public static final String TOKEN_ID = "token-id";
  public static final String TOKEN_SECRET = "token-secret";
  public static final String EXPIRATION = "expiration";
  public static final String DESCRIPTION = "description";
  public static final String EXTRA_GROUPS = "auth-extra-groups";
  public static final String USAGE_PREFIX = "usage-bootstrap-";
  public static final String USAGE_AUTHENTICATION = "usage-bootstrap-authentication";
  public static final String USAGE_SIGNING = "usage-bootstrap-signing";
  /** The user a token authenticates as is this prefix and its id. */
  public static final String USER_PREFIX = "system:bootstrap:";
  /** Every bootstrap token's group (upstream's BootstrapDefaultGroup). */
  public static final String DEFAULT_GROUP = "system:bootstrappers";

  static final Pattern TOKEN = Pattern.compile("\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z");
  static final Pattern TOKEN_ID_PATTERN = Pattern.compile("\\A[a-z0-9]{6}\\z");
  static final Pattern GROUP = Pattern.compile("\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z");
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private BootstrapTokens() {}

  /** A token {@code <id>.<secret>}. */
  public record Token(String id, String secret) {
    @Override
    public String toString() {
      return id + "." + secret;
    }

    public String secretName() {
      return SECRET_PREFIX + id;
    }
  }

  /** The token in this bearer string, or empty when it does not have the bootstrap token shape. */
  public static Optional<Token> parse(String bearer) {
    var m = TOKEN.matcher(bearer);
    return m.matches() ? Optional.of(new Token(m.group(1), m.group(2))) : Optional.empty();
  }

  public static boolean isTokenId(String id) {
    return TOKEN_ID_PATTERN.matcher(id).matches();
  }

  /** A new random token (kubeadm's GenerateBootstrapToken): 6 and 16 characters of [a-z0-9]. */
  public static Token generate(SecureRandom random) {
    return new Token(randomString(random, 6), randomString(random, 16));
  }

  private static String randomString(SecureRandom random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  /** Upstream's ValidateBootstrapGroupName: null when valid, else the reason. */
  public static String groupError(String group) {
    return GROUP.matcher(group).matches() ? null
        : "bootstrap group \"" + group + "\" is invalid (must match " + GROUP.pattern() + ")";
  }

  /**
   * The Secret kubeadm's `token create` writes: id, secret, the usages (authentication and signing),
   * the expiration when there is one, the description and extra groups when given.
   */
  public static Secret secret(Token token, Optional<Instant> expiration, String description, List<String> extraGroups) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TOKEN_ID, token.id());
    data.put(TOKEN_SECRET, token.secret());
    expiration.ifPresent(e -> data.put(EXPIRATION, Times.format(e)));
    data.put(USAGE_AUTHENTICATION, "true");
    data.put(USAGE_SIGNING, "true");
    if (!description.isEmpty()) {
      data.put(DESCRIPTION, description);
    }
    if (!extraGroups.isEmpty()) {
      data.put(EXTRA_GROUPS, String.join(",", extraGroups));
    }
    Secret.Builder secret = Secret.newBuilder().setApiVersion("v1").setKind("Secret").setType(SECRET_TYPE)
        .setMetadata(ObjectMeta.newBuilder().setName(token.secretName()).setNamespace(NAMESPACE));
    data.forEach((k, v) -> secret.putData(k, ByteString.copyFrom(v, StandardCharsets.UTF_8)));
    return secret.build();
  }

  /** One data value as text, "" when absent (upstream's GetData). */
  public static String data(Secret secret, String key) {
    ByteString value = secret.getDataMap().get(key);
    return value == null ? "" : value.toStringUtf8();
  }

  /**
   * When the token expires: empty when it never does. An expiration that is not RFC3339 counts as
   * already expired (upstream's HasExpired), so it is given as {@link Instant#MIN}.
   */
  public static Optional<Instant> expiration(Secret secret) {
    String text = data(secret, EXPIRATION);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Times.parse(text));
    } catch (RuntimeException e) {
      return Optional.of(Instant.MIN);
    }
  }

  public static boolean hasExpired(Secret secret, Instant now) {
    return expiration(secret).map(e -> !now.isBefore(e)).orElse(false);
  }

  /** The usages marked "true", without the prefix (authentication, signing), as kubeadm lists them. */
  public static List<String> usages(Secret secret) {
    List<String> usages = new ArrayList<>();
    new TreeSet<>(secret.getDataMap().keySet()).forEach(k -> {
      if (k.startsWith(USAGE_PREFIX) && data(secret, k).equals("true")) {
        usages.add(k.substring(USAGE_PREFIX.length()));
      }
    });
    return usages;
  }

  /** The extra groups as written (comma separated, trimmed, empty ones dropped). */
  public static List<String> extraGroups(Secret secret) {
    List<String> groups = new ArrayList<>();
    for (String g : data(secret, EXTRA_GROUPS).split(",")) {
      if (!g.strip().isEmpty()) {
        groups.add(g.strip());
      }
    }
    return groups;
  }

  /**
   * Upstream's GetGroups: system:bootstrappers and every extra group, sorted and distinct; an extra group
   * outside system:bootstrappers: is refused with the reason.
   */
  public static List<String> groups(Secret secret) {
    TreeSet<String> groups = new TreeSet<>(List.of(DEFAULT_GROUP));
    for (String g : extraGroups(secret)) {
      String error = groupError(g);
      if (error != null) {
        throw new IllegalArgumentException(error);
      }
      groups.add(g);
    }
    return List.copyOf(groups);
  }
}
