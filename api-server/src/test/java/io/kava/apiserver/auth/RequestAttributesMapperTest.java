package io.kava.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import io.kava.api.autoscaling.v1.Scale;
import io.kava.api.authorization.v1.SelfSubjectAccessReview;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.LogRequest;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.PortForwardInput;
import io.kava.api.kubelet.v1.PortForwardStart;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.BindRequest;
import io.kava.api.v1.CreateRequest;
import io.kava.api.v1.DeleteRequest;
import io.kava.api.v1.EvictRequest;
import io.kava.api.v1.GetRequest;
import io.kava.api.v1.ListRequest;
import io.kava.api.v1.PatchRequest;
import io.kava.api.v1.UpdateRequest;
import io.kava.api.v1.UpdateScaleRequest;
import io.kava.api.v1.VersionRequest;
import io.kava.api.v1.WatchRequest;
import io.kava.apiserver.errors.ApiError;
import io.grpc.MethodDescriptor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestAttributesMapperTest {
  private static final UserInfo U = UserInfo.of("u");
  private static final PodRef POD = PodRef.newBuilder().setNamespace("ns").setName("p").build();
  private static final Pod A_POD = Pod.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("ns").setName("p")).build();

  private static String map(String method, Object request) {
    return RequestAttributesMapper.map(U, method, request).map(a -> String.join("|", a.verb(), a.apiGroup(), a.resource(),
        a.subresource(), a.namespace(), a.name())).orElse("always");
  }

  @Test
  void everyRpcOfTheServiceHasAMapping() {
    Map<String, Object> requests = new HashMap<>();
    requests.put("Create", CreateRequest.newBuilder().setObject(Any.pack(A_POD)).build());
    requests.put("Get", GetRequest.newBuilder().setResource("secrets").setNamespace("ns").setName("s").build());
    requests.put("List", ListRequest.newBuilder().setResource("pods").setNamespace("ns").build());
    requests.put("Update", UpdateRequest.newBuilder().setObject(Any.pack(A_POD)).build());
    requests.put("UpdateStatus", UpdateRequest.newBuilder().setObject(Any.pack(A_POD)).build());
    requests.put("UpdateApproval", UpdateRequest.newBuilder().setObject(Any.pack(
        io.kava.api.certificates.v1.CertificateSigningRequest.newBuilder()
            .setMetadata(ObjectMeta.newBuilder().setName("csr-1")).build())).build());
    requests.put("Delete", DeleteRequest.newBuilder().setResource("pods").setNamespace("ns").setName("p").build());
    requests.put("Watch", WatchRequest.newBuilder().setResource("pods").build());
    requests.put("Bind", BindRequest.newBuilder().setNamespace("ns").setName("p").setNodeName("n").build());
    requests.put("Evict", EvictRequest.newBuilder().setNamespace("ns").setName("p").build());
    requests.put("Version", VersionRequest.getDefaultInstance());
    requests.put("Patch", PatchRequest.newBuilder().setResource("deployments").setNamespace("ns").setName("d").build());
    requests.put("GetScale", GetRequest.newBuilder().setResource("deployments").setNamespace("ns").setName("d").build());
    requests.put("UpdateScale", UpdateScaleRequest.newBuilder().setResource("deployments")
        .setScale(Scale.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("ns").setName("d"))).build());
    requests.put("PodLogs", LogRequest.newBuilder().setPod(POD).build());
    requests.put("PodExec", StreamInput.newBuilder().setStart(StreamStart.newBuilder().setPod(POD)).build());
    requests.put("PodAttach", StreamInput.newBuilder().setStart(StreamStart.newBuilder().setPod(POD)).build());
    requests.put("PodPortForward", PortForwardInput.newBuilder().setStart(PortForwardStart.newBuilder().setPod(POD)).build());
    requests.put("ListNodeMetrics", ListRequest.getDefaultInstance());
    requests.put("ListPodMetrics", ListRequest.newBuilder().setNamespace("ns").build());
    requests.put("CreateSelfSubjectAccessReview", SelfSubjectAccessReview.getDefaultInstance());
    requests.put("CreateSubjectAccessReview", io.kava.api.authorization.v1.SubjectAccessReview.getDefaultInstance());
    requests.put("CreateSelfSubjectRulesReview", io.kava.api.authorization.v1.SelfSubjectRulesReview.getDefaultInstance());
    requests.put("CreateToken", io.kava.api.v1.CreateTokenRequest.newBuilder().setNamespace("ns").setName("default").build());
    requests.put("CreateSelfSubjectReview", io.kava.api.authentication.v1.SelfSubjectReview.getDefaultInstance());

    Map<String, String> expected = new HashMap<>();
    expected.put("Create", "create||pods||ns|");
    expected.put("Get", "get||secrets||ns|s");
    expected.put("List", "list||pods||ns|");
    expected.put("Update", "update||pods||ns|p");
    expected.put("UpdateStatus", "update||pods|status|ns|p");
    expected.put("UpdateApproval", "update|certificates.k8s.io|certificatesigningrequests|approval||csr-1");
    expected.put("Delete", "delete||pods||ns|p");
    expected.put("Watch", "watch||pods|||");
    expected.put("Bind", "create||pods|binding|ns|p");
    expected.put("Evict", "create||pods|eviction|ns|p");
    expected.put("Version", "always");
    expected.put("Patch", "patch|apps|deployments||ns|d");
    expected.put("GetScale", "get|apps|deployments|scale|ns|d");
    expected.put("UpdateScale", "update|apps|deployments|scale|ns|d");
    expected.put("PodLogs", "get||pods|log|ns|p");
    expected.put("PodExec", "create||pods|exec|ns|p");
    expected.put("PodAttach", "create||pods|attach|ns|p");
    expected.put("PodPortForward", "create||pods|portforward|ns|p");
    expected.put("ListNodeMetrics", "list|metrics.k8s.io|nodes|||");
    expected.put("ListPodMetrics", "list|metrics.k8s.io|pods||ns|");
    expected.put("CreateSelfSubjectAccessReview", "create|authorization.k8s.io|selfsubjectaccessreviews|||");
    expected.put("CreateSubjectAccessReview", "create|authorization.k8s.io|subjectaccessreviews|||");
    expected.put("CreateSelfSubjectRulesReview", "create|authorization.k8s.io|selfsubjectrulesreviews|||");
    expected.put("CreateToken", "create||serviceaccounts|token|ns|default");
    expected.put("CreateSelfSubjectReview", "create|authentication.k8s.io|selfsubjectreviews|||");

    for (var method : ApiGrpc.getServiceDescriptor().getMethods()) {
      String name = ((MethodDescriptor<?, ?>) method).getBareMethodName();
      assertThat(requests).as("a request for " + name).containsKey(name);
      assertThat(map(name, requests.get(name))).as(name).isEqualTo(expected.get(name));
    }
  }

  @Test
  void aClusterScopedKindHasNoNamespaceAndAnUnknownMethodIsRefused() {
    Namespace ns = Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("x").setNamespace("junk")).build();
    assertThat(map("Create", CreateRequest.newBuilder().setObject(Any.pack(ns)).build())).isEqualTo("create||namespaces|||");
    assertThat(map("Get", GetRequest.newBuilder().setResource("nodes").setNamespace("junk").setName("n").build()))
        .isEqualTo("get||nodes|||n");
    assertThatThrownBy(() -> map("Unheard", ListRequest.getDefaultInstance())).isInstanceOf(ApiError.class);
  }

  @Test
  void theAuditViewDescribesCallsWithoutARequestOrWithOneThatDoesNotDecode() {
    assertThat(RequestAttributesMapper.describe(U, "UpdateStatus", null))
        .isEqualTo(new RequestAttributes(U, "update", "", "", "status", "", ""));
    assertThat(RequestAttributesMapper.describe(U, "PodExec", null)).isEqualTo(new RequestAttributes(U, "create", "", "pods", "exec", "", ""));
    CreateRequest garbage = CreateRequest.newBuilder().setObject(Any.newBuilder().setTypeUrl("type.googleapis.com/nothing.Here")).build();
    assertThat(RequestAttributesMapper.describe(U, "Create", garbage)).isEqualTo(new RequestAttributes(U, "create", "", "", "", "", ""));
    assertThat(RequestAttributesMapper.describe(U, "Get", GetRequest.newBuilder().setResource("deployments").setNamespace("ns")
        .setName("d").build())).isEqualTo(new RequestAttributes(U, "get", "apps", "deployments", "", "ns", "d"));
    assertThat(RequestAttributesMapper.describe(U, "Version", VersionRequest.getDefaultInstance()).verb()).isEqualTo("get");
    assertThat(RequestAttributesMapper.describe(U, "Unheard", null).verb()).isEqualTo("unheard");
    for (var method : ApiGrpc.getServiceDescriptor().getMethods()) {
      String name = ((MethodDescriptor<?, ?>) method).getBareMethodName();
      assertThat(RequestAttributesMapper.describe(U, name, null).verb()).as(name)
          .isIn("get", "list", "watch", "create", "update", "patch", "delete");
    }
  }

  @Test
  void aListOrWatchOfOneNameNamesItAndCarriesItsFieldSelector() {
    RequestAttributes one = RequestAttributesMapper.map(UserInfo.of("u"), "Watch", io.kava.api.v1.WatchRequest.newBuilder()
        .setResource("secrets").setNamespace("ns").setFieldSelector("metadata.name=s").build()).orElseThrow();
    assertThat(one).isEqualTo(new RequestAttributes(UserInfo.of("u"), "watch", "", "secrets", "", "ns", "s", "metadata.name=s"));
    RequestAttributes pods = RequestAttributesMapper.map(UserInfo.of("u"), "List", ListRequest.newBuilder()
        .setResource("pods").setFieldSelector("spec.nodeName=n").build()).orElseThrow();
    assertThat(pods.name()).isEmpty();
    assertThat(pods.fieldSelector()).isEqualTo("spec.nodeName=n");
    RequestAttributes bad = RequestAttributesMapper.map(UserInfo.of("u"), "List", ListRequest.newBuilder()
        .setResource("pods").setFieldSelector("metadata.name").build()).orElseThrow();
    assertThat(bad.name()).as("the handler refuses what cannot be parsed").isEmpty();
  }

  @Test
  void theRefusalReadsAsUpstreams() {
    assertThat(Forbidden.error(new RequestAttributes(UserInfo.of("x"), "list", "", "secrets", "", "y", ""), "").getMessage())
        .isEqualTo("secrets is forbidden: User \"x\" cannot list resource \"secrets\" in API group \"\" in the namespace \"y\"");
    assertThat(Forbidden.message(new RequestAttributes(UserInfo.of("x"), "get", "", "nodes", "", "", "n")))
        .isEqualTo("User \"x\" cannot get resource \"nodes\" in API group \"\" at the cluster scope");
  }

  @Test
  void theTokenFileIsUpstreamsCsv() {
    var users = TokenFileAuthenticator.parse("f", java.util.List.of("t1,alice,1,\"dev,ops\"", "", "t2, bob ,2"));
    assertThat(users.get("t1").groups()).containsExactly("dev", "ops");
    assertThat(users.get("t2").name()).isEqualTo("bob");
    assertThatThrownBy(() -> TokenFileAuthenticator.parse("f", java.util.List.of("t3,carol")))
        .hasMessageContaining("must have at least 3 columns");
  }
}
