package io.kava.apiserver.serviceaccount;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The private claims of a bound token, upstream's "kubernetes.io" claim: the namespace, the ServiceAccount
 * and the pod the token is bound to (name and uid each, so a deleted and recreated object does not
 * inherit old tokens).
 */
public record ServiceAccountClaims(String namespace, String serviceAccountName, String serviceAccountUid,
    Optional<Ref> pod) {
  public static final String CLAIM = "kubernetes.io";
  public static final String SUBJECT_PREFIX = "system:serviceaccount:";

  /** A bound object: name and uid. */
  public record Ref(String name, String uid) {
    Map<String, Object> json() {
      return Map.of("name", name, "uid", uid);
    }

    static Optional<Ref> from(Object claim) {
      if (!(claim instanceof Map<?, ?> m) || !(m.get("name") instanceof String name) || !(m.get("uid") instanceof String uid)) {
        return Optional.empty();
      }
      return Optional.of(new Ref(name, uid));
    }
  }

  /** system:serviceaccount:NAMESPACE:NAME, the sub claim and the user name. */
  public String subject() {
    return SUBJECT_PREFIX + namespace + ":" + serviceAccountName;
  }

  /** The "kubernetes.io" claim's JSON value; warnafter (epoch seconds) when the expiry was extended. */
  Map<String, Object> json(Optional<Long> warnAfter) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("namespace", namespace);
    pod.ifPresent(p -> json.put("pod", p.json()));
    json.put("serviceaccount", new Ref(serviceAccountName, serviceAccountUid).json());
    warnAfter.ifPresent(w -> json.put("warnafter", w));
    return json;
  }

  /** The claims of a token's "kubernetes.io" claim, empty when it is not shaped as upstream's. */
  static Optional<ServiceAccountClaims> from(Object claim) {
    if (!(claim instanceof Map<?, ?> m) || !(m.get("namespace") instanceof String namespace)) {
      return Optional.empty();
    }
    return Ref.from(m.get("serviceaccount"))
        .map(sa -> new ServiceAccountClaims(namespace, sa.name(), sa.uid(), Ref.from(m.get("pod"))));
  }
}
