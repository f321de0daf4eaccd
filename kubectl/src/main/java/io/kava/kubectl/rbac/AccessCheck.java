package io.kava.kubectl.rbac;

import io.kava.api.authorization.v1.NonResourceAttributes;
import io.kava.api.authorization.v1.NonResourceRule;
import io.kava.api.authorization.v1.ResourceAttributes;
import io.kava.api.authorization.v1.ResourceRule;
import io.kava.api.authorization.v1.SelfSubjectAccessReview;
import io.kava.api.authorization.v1.SelfSubjectAccessReviewSpec;
import io.kava.api.authorization.v1.SelfSubjectRulesReview;
import io.kava.api.authorization.v1.SelfSubjectRulesReviewSpec;
import io.kava.api.authorization.v1.SubjectAccessReviewStatus;
import io.kava.api.authorization.v1.SubjectRulesReviewStatus;
import io.kava.api.rbac.v1.PolicyRule;
import io.kava.client.AccessReviewClient;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.TabWriter;
import io.kava.kubectl.resource.ResourceMapper;
import io.kava.kubectl.resource.ResourceMapper.GroupResource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * `kavactl auth can-i`, as kubectl's cani.go: a SelfSubjectAccessReview of VERB on TYPE[/NAME] (or a URL) answered
 * yes or no (exit code 0 or 1), or with --list the caller's rules in the namespace as a table.
 */
public final class AccessCheck {
  static final Set<String> RESOURCE_VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete",
      "deletecollection", "use", "bind", "impersonate", "*", "approve", "sign", "escalate", "attest");
  static final Set<String> NON_RESOURCE_VERBS = Set.of("get", "put", "post", "head", "options", "delete", "patch", "*");
  /** Resources the server authorizes that no client can discover: users and groups for impersonate. */
  private static final Set<String> NON_STANDARD_RESOURCES = Set.of("users", "groups");

  /**
   * What to check: a verb on a resource (group, plural, subresource, name) in a namespace ("" for all),
   * or on a non-resource URL (path, starting with "/").
   */
  public record Question(String verb, String group, String resource, String subresource, String name, String namespace,
      String path) {}

  private final Session session;

  public AccessCheck(Session session) {
    this.session = session;
  }

  /**
   * The question of `can-i VERB TYPE[/NAME]`, resolving TYPE as kubectl does: short names and groups,
   * a warning (not an error) for a type the server does not have, and for a cluster-scoped one asked
   * about in a namespace.
   */
  public Question question(String verb, String typeAndName, String subresource, String namespace, PrintStream err) {
    if (typeAndName.startsWith("/")) {
      if (!subresource.isEmpty()) {
        throw CliException.error("--subresource can not be used with NonResourceURL");
      }
      if (!NON_RESOURCE_VERBS.contains(verb)) {
        warn(err, "verb '" + verb + "' is not a known verb");
      }
      return new Question(verb, "", "", "", "", namespace, typeAndName);
    }
    String[] tokens = typeAndName.split("/", 2);
    String name = tokens.length > 1 ? tokens[1] : "";
    GroupResource resource = resourceFor(tokens[0], err);
    if (!namespace.isEmpty() && !resource.namespaced()) {
      warn(err, "resource '" + resource.resource() + "' is not namespace scoped"
          + (resource.group().isEmpty() ? "" : " in group '" + resource.group() + "'"));
    }
    if (!RESOURCE_VERBS.contains(verb)) {
      warn(err, "verb '" + verb + "' is not a known verb");
    }
    return new Question(verb, resource.group(), resource.resource(), subresource, name, namespace, "");
  }

  /** Upstream resourceFor; an unknown type is asked about as typed (namespaced: no scope warning). */
  private static GroupResource resourceFor(String arg, PrintStream err) {
    if (arg.equals("*")) {
      return new GroupResource("", "*", true);
    }
    Optional<GroupResource> found = ResourceMapper.parse(arg);
    if (found.isPresent()) {
      return found.get();
    }
    String lower = arg.toLowerCase(Locale.ROOT);
    int dot = lower.indexOf('.');
    String resource = dot < 0 ? lower : lower.substring(0, dot);
    String group = dot < 0 ? "" : lower.substring(dot + 1);
    if (!NON_STANDARD_RESOURCES.contains(lower)) {
      warn(err, "the server doesn't have a resource type '" + resource + "'"
          + (group.isEmpty() ? "" : " in group '" + group + "'"));
    }
    return new GroupResource("", arg, true);
  }

  /** As kubectl's warning printer prints can-i's messages, which end with a newline of their own: a blank line follows. */
  private static void warn(PrintStream err, String message) {
    err.println("Warning: " + message + "\n");
  }

  /** Prints yes, or no with the server's reason; returns whether it is allowed. */
  public boolean check(Question q, PrintStream out) {
    SelfSubjectAccessReviewSpec.Builder spec = SelfSubjectAccessReviewSpec.newBuilder();
    if (q.path().isEmpty()) {
      spec.setResourceAttributes(ResourceAttributes.newBuilder().setNamespace(q.namespace()).setVerb(q.verb())
          .setGroup(q.group()).setResource(q.resource()).setSubresource(q.subresource()).setName(q.name()));
    } else {
      spec.setNonResourceAttributes(NonResourceAttributes.newBuilder().setVerb(q.verb()).setPath(q.path()));
    }
    SelfSubjectAccessReview review = SelfSubjectAccessReview.newBuilder()
        .setApiVersion("authorization.k8s.io/v1").setKind("SelfSubjectAccessReview").setSpec(spec).build();
    SubjectAccessReviewStatus status = new AccessReviewClient(session.client()).create(review).getStatus();
    if (status.getAllowed()) {
      out.println("yes");
    } else {
      StringBuilder line = new StringBuilder("no");
      if (!status.getReason().isEmpty()) {
        line.append(" - ").append(status.getReason());
      }
      if (!status.getEvaluationError().isEmpty()) {
        line.append(" - ").append(status.getEvaluationError());
      }
      out.println(line);
    }
    out.flush();
    return status.getAllowed();
  }

  /** --list: the caller's rules in the namespace, merged and sorted as kubectl prints them. */
  public void list(String namespace, boolean headers, PrintStream out, PrintStream err) {
    SelfSubjectRulesReview review = SelfSubjectRulesReview.newBuilder().setApiVersion("authorization.k8s.io/v1")
        .setKind("SelfSubjectRulesReview").setSpec(SelfSubjectRulesReviewSpec.newBuilder().setNamespace(namespace)).build();
    SubjectRulesReviewStatus status = new AccessReviewClient(session.client()).create(review).getStatus();
    if (status.getIncomplete()) {
      err.println("Warning: the list may be incomplete: " + status.getEvaluationError());
    }
    TabWriter table = new TabWriter();
    if (headers) {
      table.add(PolicyRules.HEADERS);
    }
    PolicyRules.rows(policyRules(status)).forEach(table::add);
    table.flush(out);
  }

  private static List<PolicyRule> policyRules(SubjectRulesReviewStatus status) {
    List<PolicyRule> rules = new ArrayList<>();
    for (ResourceRule r : status.getResourceRulesList()) {
      rules.add(PolicyRule.newBuilder().addAllVerbs(r.getVerbsList()).addAllApiGroups(r.getApiGroupsList())
          .addAllResources(r.getResourcesList()).addAllResourceNames(r.getResourceNamesList()).build());
    }
    for (NonResourceRule r : status.getNonResourceRulesList()) {
      rules.add(PolicyRule.newBuilder().addAllVerbs(r.getVerbsList()).addAllNonResourceUrls(r.getNonResourceUrlsList()).build());
    }
    return rules;
  }
}
