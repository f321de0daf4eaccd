package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.rbac.RbacObjects;
import io.kava.kubectl.rbac.RoleRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `create role|clusterrole|rolebinding|clusterrolebinding|serviceaccount`, as kubectl's. */
final class CreateRbacCommands {
  private CreateRbacCommands() {}

  /** --verb, --resource and --resource-name, shared by role and clusterrole. */
  abstract static class RuleCreate extends GeneratedCreate {
    @ParentCommand
    CreateCommand create;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--verb", split = ",", description = "Verb that applies to the resources contained in the rule")
    List<String> verbs = List.of();

    @Option(names = "--resource", split = ",", paramLabel = "RESOURCE.GROUP/SUBRESOURCE",
        description = "Resource that the rule applies to")
    List<String> resources = List.of();

    @Option(names = "--resource-name", description = "Resource in the white list that the rule applies to, repeat this flag for multiple items")
    List<String> resourceNames = List.of();

    Session session() {
      return create.root.session();
    }
  }

  @Command(name = "role", mixinStandardHelpOptions = true,
      description = "Create a role with single rule: create role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename].")
  static final class CreateRole extends RuleCreate {
    Message generate(Session session) {
      RoleRules rules = new RoleRules(verbs, resources, resourceNames, List.of());
      rules.validateForRole(session.err());
      return RbacObjects.role(name, rules.rules());
    }

    /** A refused create shows the server's error as it is, as kubectl's create role. */
    String what() {
      return null;
    }
  }

  @Command(name = "clusterrole", mixinStandardHelpOptions = true,
      description = "Create a cluster role: create clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] "
          + "[--non-resource-url=/path], or --aggregation-rule=LABEL=VALUE,...")
  static final class CreateClusterRole extends RuleCreate {
    @Option(names = "--non-resource-url", split = ",", description = "A partial url that user should have access to.")
    List<String> nonResourceUrls = List.of();

    @Option(names = "--aggregation-rule", split = ",", paramLabel = "KEY=VALUE",
        description = "An aggregation label selector for combining ClusterRoles.")
    Map<String, String> aggregationRule = new LinkedHashMap<>();

    Message generate(Session session) {
      RoleRules rules = new RoleRules(verbs, resources, resourceNames, nonResourceUrls);
      if (!aggregationRule.isEmpty()) {
        if (!rules.isEmpty()) {
          throw CliException.error("aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames");
        }
        return RbacObjects.clusterRole(name, List.of(), aggregationRule);
      }
      rules.validateForClusterRole(session.err());
      return RbacObjects.clusterRole(name, rules.rules(), Map.of());
    }

    String what() {
      return null;
    }
  }

  /** --user, --group and --serviceaccount, shared by both bindings. */
  abstract static class BindingCreate extends GeneratedCreate {
    @ParentCommand
    CreateCommand create;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--user", description = "Usernames to bind to the role. The flag can be repeated to add multiple users.")
    List<String> users = List.of();

    @Option(names = "--group", description = "Groups to bind to the role. The flag can be repeated to add multiple groups.")
    List<String> groups = List.of();

    @Option(names = "--serviceaccount", paramLabel = "NAMESPACE:NAME",
        description = "Service accounts to bind to the role, in the format <namespace>:<name>. The flag can be repeated.")
    List<String> serviceAccounts = List.of();

    Session session() {
      return create.root.session();
    }
  }

  @Command(name = "rolebinding", mixinStandardHelpOptions = true,
      description = "Create a role binding for a particular role or cluster role: create rolebinding NAME --clusterrole=NAME|--role=NAME "
          + "[--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname].")
  static final class CreateRoleBinding extends BindingCreate {
    @Option(names = "--role", description = "Role this RoleBinding should reference")
    String role = "";

    @Option(names = "--clusterrole", description = "ClusterRole this RoleBinding should reference")
    String clusterRole = "";

    Message generate(Session session) {
      return RbacObjects.roleBinding(name, RbacObjects.roleRef(role, clusterRole),
          RbacObjects.subjects(users, groups, serviceAccounts));
    }

    String what() {
      return "rolebinding";
    }
  }

  @Command(name = "clusterrolebinding", mixinStandardHelpOptions = true,
      description = "Create a cluster role binding for a particular cluster role: create clusterrolebinding NAME --clusterrole=NAME "
          + "[--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname].")
  static final class CreateClusterRoleBinding extends BindingCreate {
    @Option(names = "--clusterrole", required = true, description = "ClusterRole this ClusterRoleBinding should reference")
    String clusterRole;

    Message generate(Session session) {
      return RbacObjects.clusterRoleBinding(name, clusterRole, RbacObjects.subjects(users, groups, serviceAccounts));
    }

    String what() {
      return "clusterrolebinding";
    }
  }

  @Command(name = "serviceaccount", aliases = "sa", mixinStandardHelpOptions = true,
      description = "Create a service account with the specified name: create serviceaccount NAME.")
  static final class CreateServiceAccount extends GeneratedCreate {
    @ParentCommand
    CreateCommand create;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    Session session() {
      return create.root.session();
    }

    Message generate(Session session) {
      return RbacObjects.serviceAccount(name);
    }

    String what() {
      return "serviceaccount";
    }
  }
}
