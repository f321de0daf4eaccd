package io.kava.apiserver.auth;

import java.util.List;
import java.util.Map;

/**
 * Who made a request, as upstream's user.Info: a name, a uid, groups and extra attributes. Authenticators
 * produce it; authorizers, admission and the audit log read it.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public static final String ANONYMOUS = "system:anonymous";
  public static final String UNAUTHENTICATED_GROUP = "system:unauthenticated";
  public static final String AUTHENTICATED_GROUP = "system:authenticated";
  /** Members of this group are allowed everything, before any authorization mode is asked (Authorizers.PRIVILEGED_GROUPS), as upstream. */
  public static final String MASTERS_GROUP = "system:masters";

  public UserInfo {
    groups = List.copyOf(groups);
    extra = Map.copyOf(extra);
  }

  public static UserInfo of(String name, String... groups) {
    return new UserInfo(name, "", List.of(groups), Map.of());
  }

  /** A member of system:masters, whom neither authorization nor RBAC's escalation check limits. */
  public boolean isPrivileged() {
    return groups.contains(MASTERS_GROUP);
  }

  /** The user of requests without credentials, when anonymous requests are allowed. */
  public static UserInfo anonymous() {
    return of(ANONYMOUS, UNAUTHENTICATED_GROUP);
  }

  /** The same user with system:authenticated added, as upstream adds it to every authenticated user. */
  public UserInfo authenticated() {
    if (groups.contains(AUTHENTICATED_GROUP) || name.equals(ANONYMOUS)) {
      return this;
    }
    List<String> all = new java.util.ArrayList<>(groups);
    all.add(AUTHENTICATED_GROUP);
    return new UserInfo(name, uid, all, extra);
  }
}
