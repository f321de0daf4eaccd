package io.kava.kubectl.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.authentication.v1.ExtraValue;
import io.kava.api.authentication.v1.SelfSubjectReview;
import io.kava.api.authentication.v1.SelfSubjectReviewStatus;
import io.kava.api.authentication.v1.UserInfo;
import io.kava.api.authorization.v1.NonResourceRule;
import io.kava.api.authorization.v1.ResourceAttributes;
import io.kava.api.authorization.v1.ResourceRule;
import io.kava.api.authorization.v1.SelfSubjectAccessReview;
import io.kava.api.authorization.v1.SubjectAccessReviewStatus;
import io.kava.api.authorization.v1.SubjectRulesReviewStatus;
import io.kava.api.v1.CreateTokenRequest;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `auth can-i`, `auth whoami` and `create token` against canned answers: the review sent and what is
 * printed, each compared with kubectl 1.32's for the same command line.
 */
class AuthCommandTest {
  private final FakeAuthApi api = new FakeAuthApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private ResourceAttributes sent() {
    return ((SelfSubjectAccessReview) api.requests.get(api.requests.size() - 1)).getSpec().getResourceAttributes();
  }

  private static String attributes(ResourceAttributes a) {
    return String.join("|", a.getVerb(), a.getGroup(), a.getResource(), a.getSubresource(), a.getName(), a.getNamespace());
  }

  @Test
  void allowedIsYesAndExitCodeZero() {
    api.accessStatus = SubjectAccessReviewStatus.newBuilder().setAllowed(true).build();

    Result r = cli.run("auth", "can-i", "list", "pods", "-n", "team");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("yes\n");
    assertThat(r.err()).isEmpty();
    assertThat(attributes(sent())).isEqualTo("list||pods|||team");
  }

  @Test
  void deniedIsNoWithTheReasonAndExitCodeOne() {
    api.accessStatus = SubjectAccessReviewStatus.newBuilder().setReason("no RBAC policy matched").build();

    Result r = cli.run("auth", "can-i", "get", "secrets");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("no - no RBAC policy matched\n");
    assertThat(attributes(sent())).isEqualTo("get||secrets|||default");
  }

  @Test
  void quietPrintsNothingButKeepsTheExitCode() {
    Result r = cli.run("auth", "can-i", "get", "pods", "-q", "-A");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(attributes(sent())).isEqualTo("get||pods|||");
  }

  @Test
  void shortNamesGroupsNamesAndSubresourcesResolveAsKubectls() {
    cli.run("auth", "can-i", "list", "deploy");
    assertThat(attributes(sent())).isEqualTo("list|apps|deployments|||default");
    cli.run("auth", "can-i", "list", "jobs.batch/bar", "-n", "foo");
    assertThat(attributes(sent())).isEqualTo("list|batch|jobs||bar|foo");
    cli.run("auth", "can-i", "get", "pods", "--subresource=log");
    assertThat(attributes(sent())).isEqualTo("get||pods|log||default");
    // TYPE/NAME: pods/log is the pod named log, as in kubectl
    cli.run("auth", "can-i", "get", "po/log");
    assertThat(attributes(sent())).isEqualTo("get||pods||log|default");
    cli.run("auth", "can-i", "*", "*");
    assertThat(attributes(sent())).isEqualTo("*||*|||default");
    cli.run("auth", "can-i", "update", "deployments.v1.apps/web", "--subresource", "scale");
    assertThat(attributes(sent())).isEqualTo("update|apps|deployments|scale|web|default");
  }

  @Test
  void anUnknownTypeOrVerbAndAClusterScopedTypeAreWarningsAsKubectls() {
    Result unknown = cli.run("auth", "can-i", "get", "foo.apps");
    assertThat(unknown.err()).isEqualTo("Warning: the server doesn't have a resource type 'foo' in group 'apps'\n\n");
    assertThat(attributes(sent())).isEqualTo("get||foo.apps|||default");

    assertThat(cli.run("auth", "can-i", "get", "nodes").err()).isEqualTo("Warning: resource 'nodes' is not namespace scoped\n\n");
    assertThat(cli.run("auth", "can-i", "get", "nodes", "-A").err()).isEmpty();
    assertThat(cli.run("auth", "can-i", "get", "clusterroles").err())
        .isEqualTo("Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n\n");
    assertThat(cli.run("auth", "can-i", "frob", "pods").err()).isEqualTo("Warning: verb 'frob' is not a known verb\n\n");
    assertThat(cli.run("auth", "can-i", "impersonate", "users").err()).isEmpty();
  }

  @Test
  void aNonResourceUrlIsAskedAboutAsAPath() {
    api.accessStatus = SubjectAccessReviewStatus.newBuilder().setAllowed(true).build();

    Result r = cli.run("auth", "can-i", "get", "/healthz");

    assertThat(r.out()).isEqualTo("yes\n");
    var sent = ((SelfSubjectAccessReview) api.requests.get(0)).getSpec();
    assertThat(sent.hasResourceAttributes()).isFalse();
    assertThat(sent.getNonResourceAttributes().getVerb() + " " + sent.getNonResourceAttributes().getPath()).isEqualTo("get /healthz");
    assertThat(cli.run("auth", "can-i", "list", "/logs/").err()).isEqualTo("Warning: verb 'list' is not a known verb\n\n");
    assertThat(cli.run("auth", "can-i", "get", "/logs", "--subresource=x").err())
        .isEqualTo("error: --subresource can not be used with NonResourceURL\n");
  }

  @Test
  void badArgumentsAreOneErrorAsKubectls() {
    Result one = cli.run("auth", "can-i", "get");
    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(one.err()).isEqualTo("error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
        + "See 'kavactl auth can-i -h' for help and examples.\n");
    assertThat(cli.run("auth", "can-i", "--list", "get").err())
        .isEqualTo("error: list option must be specified with no arguments\n");
    assertThat(cli.run("auth", "can-i", "--list", "-q").err())
        .isEqualTo("error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n");
    assertThat(cli.run("auth", "can-i", "get", "pods", "--no-headers").err())
        .isEqualTo("error: --no-headers cannot be set without --list specified\n");
    assertThat(api.requests).isEmpty();
  }

  @Test
  void listPrintsTheRulesMergedAndSortedAsKubectls() {
    api.rulesStatus = SubjectRulesReviewStatus.newBuilder()
        .addResourceRules(rule(List.of("create"), "authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectrulesreviews"))
        .addResourceRules(rule(List.of("get", "list", "watch"), "", "pods", "pods/log", "configmaps"))
        .addResourceRules(rule(List.of("get", "list"), "apps", "deployments"))
        .addResourceRules(rule(List.of("watch"), "apps", "deployments"))
        .addResourceRules(rule(List.of("get"), "", "secrets").toBuilder().addResourceNames("a").addResourceNames("b"))
        .addNonResourceRules(NonResourceRule.newBuilder().addVerbs("get").addNonResourceUrls("/healthz")
            .addNonResourceUrls("/api").addNonResourceUrls("/api/*"))
        .build();

    Result r = cli.run("auth", "can-i", "--list", "-n", "team");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("""
        Resources                                       Non-Resource URLs   Resource Names   Verbs
        selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]
        selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]
        configmaps                                      []                  []               [get list watch]
        pods/log                                        []                  []               [get list watch]
        pods                                            []                  []               [get list watch]
        deployments.apps                                []                  []               [get list watch]
                                                        [/api/*]            []               [get]
                                                        [/api]              []               [get]
                                                        [/healthz]          []               [get]
        secrets                                         []                  [a]              [get]
        secrets                                         []                  [b]              [get]
        """);
    assertThat(((io.kava.api.authorization.v1.SelfSubjectRulesReview) api.requests.get(0)).getSpec().getNamespace())
        .isEqualTo("team");
    assertThat(cli.run("auth", "can-i", "--list", "--no-headers").out())
        .startsWith("selfsubjectaccessreviews.authorization.k8s.io   []           []    [create]\n");
  }

  @Test
  void anIncompleteListIsWarned() {
    api.rulesStatus = SubjectRulesReviewStatus.newBuilder().setIncomplete(true)
        .setEvaluationError("the RBAC authorizer is not enabled").build();

    Result r = cli.run("auth", "can-i", "--list");

    assertThat(r.err()).isEqualTo("Warning: the list may be incomplete: the RBAC authorizer is not enabled\n");
    assertThat(r.out()).isEqualTo("Resources   Non-Resource URLs   Resource Names   Verbs\n");
  }

  private static ResourceRule rule(List<String> verbs, String group, String... resources) {
    return ResourceRule.newBuilder().addAllVerbs(verbs).addApiGroups(group).addAllResources(List.of(resources)).build();
  }

  @Test
  void whoamiPrintsKubectlsAttributeTable() {
    api.whoAmI = SelfSubjectReview.newBuilder().setStatus(SelfSubjectReviewStatus.newBuilder().setUserInfo(UserInfo.newBuilder()
        .setUsername("jane").setUid("42").addGroups("devs").addGroups("system:authenticated")
        .putExtra("scopes", ExtraValue.newBuilder().addItems("a").addItems("b").build()))).build();

    Result r = cli.run("auth", "whoami");

    assertThat(r.out()).isEqualTo("""
        ATTRIBUTE       VALUE
        Username        jane
        UID             42
        Groups          [devs system:authenticated]
        Extra: scopes   [a b]
        """);
    assertThat(cli.run("auth", "whoami", "-o", "json").out()).contains("\"username\": \"jane\"");
  }

  @Test
  void createTokenPrintsTheTokenAloneAndSendsTheFlags() {
    Result r = cli.run("create", "token", "robot", "-n", "ci", "--audience", "vault", "--duration", "10m",
        "--bound-object-kind", "Pod", "--bound-object-name", "web");

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(api.token);
    CreateTokenRequest sent = (CreateTokenRequest) api.requests.get(0);
    assertThat(sent.getNamespace() + "/" + sent.getName()).isEqualTo("ci/robot");
    var spec = sent.getTokenRequest().getSpec();
    assertThat(spec.getAudiencesList()).containsExactly("vault");
    assertThat(spec.getExpirationSeconds()).isEqualTo(600);
    assertThat(spec.getBoundObjectRef().getKind() + "/" + spec.getBoundObjectRef().getApiVersion() + "/"
        + spec.getBoundObjectRef().getName()).isEqualTo("Pod/v1/web");
    assertThat(cli.run("create", "token", "robot", "-o", "yaml").out()).contains("token: " + api.token);
  }

  @Test
  void createTokenRefusesBadFlagsAsKubectl() {
    assertThat(cli.run("create", "token", "robot", "--bound-object-name", "web").err())
        .isEqualTo("error: --bound-object-name can only be set if --bound-object-kind is provided\n");
    assertThat(cli.run("create", "token", "robot", "--bound-object-kind", "Job", "--bound-object-name", "x").err())
        .isEqualTo("error: supported --bound-object-kind values are Node, Pod, Secret\n");
    assertThat(cli.run("create", "token", "robot", "--bound-object-kind", "Pod").err())
        .isEqualTo("error: --bound-object-name is required if --bound-object-kind is provided\n");
    assertThat(cli.run("create", "token", "robot", "--duration", "1500ms").err())
        .isEqualTo("error: --duration cannot be expressed in units less than seconds\n");
    assertThat(cli.run("create", "token", "robot", "--audience", "").exitCode()).isEqualTo(1);
    assertThat(api.requests).isEmpty();
  }
}
