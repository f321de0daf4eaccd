package io.kava.apiserver.auth.rbac;

import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.rbac.v1.RoleRef;
import io.kava.apiserver.auth.Authorizer;
import io.kava.apiserver.auth.Authorizers;
import io.kava.apiserver.auth.RequestAttributes;
import io.kava.apiserver.auth.RequestUser;
import io.kava.apiserver.auth.UserInfo;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.WriteHook;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Upstream's RBAC escalation check (registry/rbac policybased storage): a user may write a Role or
 * ClusterRole only with rules it holds itself, and bind only a role whose rules it holds, unless it has
 * {@code escalate} on that role (resp. {@code bind} on the role referred to). system:masters and the
 * server's own writes (no gRPC call) are not checked. Runs as a write hook, after validation, so patches
 * are checked on their result.
 */
public final class EscalationCheck implements WriteHook {
  private final Authorizer authorizer;
  private final RuleResolver resolver;

  public EscalationCheck(Authorizer authorizer, RuleResolver resolver) {
    this.authorizer = authorizer;
    this.resolver = resolver;
  }

  @Override
  public Pending beginCreate(Message object, boolean dryRun) {
    check(object);
    return WriteHook.nothing(object);
  }

  @Override
  public Pending beginUpdate(Message object, Message old, boolean dryRun) {
    check(object);
    return WriteHook.nothing(object);
  }

  @Override
  public void afterDelete(Message deleted) {}

  void check(Message object) {
    var caller = RequestUser.caller();
    if (caller.isEmpty() || caller.get().isPrivileged()) {
      return;
    }
    UserInfo user = caller.get();
    Kind kind = Kinds.of(object);
    var meta = ApiObjects.meta(object);
    String namespace = kind.namespaced() ? meta.getNamespace() : "";
    if (object instanceof Role r) {
      checkRole(user, kind, namespace, meta.getName(), r.getRulesList(), false);
    } else if (object instanceof ClusterRole r) {
      checkRole(user, kind, "", meta.getName(), r.getRulesList(), r.hasAggregationRule());
    } else if (object instanceof RoleBinding b) {
      checkBinding(user, kind, namespace, meta.getName(), b.getRoleRef());
    } else if (object instanceof ClusterRoleBinding b) {
      checkBinding(user, kind, "", meta.getName(), b.getRoleRef());
    }
  }

  private void checkRole(UserInfo user, Kind kind, String namespace, String name, List<PolicyRule> rules,
      boolean aggregated) {
    if (Authorizers.allowed(authorizer, new RequestAttributes(user, "escalate", Kinds.RBAC_GROUP, kind.resource(), "",
        namespace, name))) {
      return;
    }
    if (aggregated) {
      throw forbidden(kind, name, "must have cluster-admin privileges to use the aggregationRule");
    }
    refuseUncovered(user, kind, namespace, name, rules);
  }

  private void checkBinding(UserInfo user, Kind kind, String namespace, String name, RoleRef ref) {
    String roleResource = ref.getKind().equals("Role") ? Kinds.ROLE.resource() : Kinds.CLUSTER_ROLE.resource();
    if (Authorizers.allowed(authorizer, new RequestAttributes(user, "bind", Kinds.RBAC_GROUP, roleResource, "",
        namespace, ref.getName()))) {
      return;
    }
    refuseUncovered(user, kind, namespace, name, resolver.rulesOf(ref, namespace));
  }

  private void refuseUncovered(UserInfo user, Kind kind, String namespace, String name, List<PolicyRule> wanted) {
    List<PolicyRule> missing = RuleCoverage.uncovered(resolver.rulesFor(user, namespace), wanted);
    if (!missing.isEmpty()) {
      throw forbidden(kind, name, "user \"" + user.name() + "\" (groups=" + user.groups().stream()
          .map(g -> "\"" + g + "\"").collect(Collectors.joining(",", "[", "]"))
          + ") is attempting to grant RBAC permissions not currently held:\n"
          + missing.stream().map(RuleCoverage::describe).collect(Collectors.joining("\n")));
    }
  }

  private static ApiError forbidden(Kind kind, String name, String detail) {
    return new ApiError(Status.Code.PERMISSION_DENIED, "Forbidden",
        kind.qualifiedResource() + " \"" + name + "\" is forbidden: " + detail, List.of(), kind.kind(), name);
  }
}
