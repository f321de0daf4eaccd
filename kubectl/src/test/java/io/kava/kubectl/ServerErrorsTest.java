package io.kava.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.kava.api.v1.StatusCause;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ServerErrorsTest {
  private static ApiException error(Status.Code code, String reason, String message, StatusCause... causes) {
    return new ApiException(code, io.kava.api.v1.Status.newBuilder().setReason(reason).setMessage(message)
        .addAllCauses(java.util.List.of(causes)).build());
  }

  @Test
  void invalidListsEveryFieldPath() {
    ApiException e = error(Status.Code.INVALID_ARGUMENT, "Invalid", "invalid object",
        StatusCause.newBuilder().setField("spec.replicas").setMessage("Invalid value: -1: must be greater than or equal to 0").build(),
        StatusCause.newBuilder().setField("spec.template.spec.containers[0].image").setMessage("Required value").build());

    assertThat(ServerErrors.line(e, "s", Kinds.DEPLOYMENT, "web")).isEqualTo("The Deployment \"web\" is invalid: "
        + "[spec.replicas: Invalid value: -1: must be greater than or equal to 0, "
        + "spec.template.spec.containers[0].image: Required value]");
  }

  @Test
  void invalidKeepsAServerMessageInKubectlsShape() {
    ApiException e = error(Status.Code.INVALID_ARGUMENT, "Invalid",
        "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        StatusCause.newBuilder().setField("spec.replicas").build());

    assertThat(ServerErrors.line(e, "s", Kinds.DEPLOYMENT, "web")).isEqualTo(e.getMessage());
  }

  @Test
  void otherReasonsArePrefixedLikeKubectl() {
    ApiException e = error(Status.Code.FAILED_PRECONDITION, "Forbidden", "namespace \"x\" is terminating\nretry later");

    assertThat(ServerErrors.line(e, "s", Kinds.POD, "p"))
        .isEqualTo("Error from server (Forbidden): namespace \"x\" is terminating; retry later");
  }

  @Test
  void unreachableServerNamesTheAddressAndTheReason() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ApiException e = ApiException.from(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

    assertThat(ServerErrors.line(e, "127.0.0.1:" + port, Kinds.POD, null))
        .isEqualTo("error: cannot reach the API server at 127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void unreachableThroughTheCommandLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRun.Result r = new CliRun(io.kava.client.KavaClient::connect).run("get", "pods", "--server", "127.0.0.1:" + port);

    assertThat(r.err()).isEqualTo("error: cannot reach the API server at 127.0.0.1:" + port + ": connection refused\n");
    assertThat(r.exitCode()).isEqualTo(1);
  }
}
