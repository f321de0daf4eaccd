package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Service;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.DeleteOptions;
import io.kava.client.ResourceClient;
import io.kava.client.patch.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Patch RPC: each patch type applied to the stored object and written through the update path
 * (defaults, validation, generation), a patch that makes the object invalid refused with nothing written,
 * the patch's own resourceVersion as a precondition, and dry runs of patch, create and delete that store
 * nothing.
 */
class PatchTest {
  private InProcessApi api;
  private ResourceClient<Deployment> deployments;

  @BeforeEach
  void start() {
    api = new InProcessApi();
    deployments = api.client.resource(Deployment.class);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void strategicPatchMergesContainersByNameAndBumpsGeneration() {
    Deployment created = deployments.create(Fixtures.deployment("default", "web"));

    Deployment patched = deployments.patch("default", "web", PatchType.STRATEGIC,
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.16.1\"}]}}}}", false);

    var container = patched.getSpec().getTemplate().getSpec().getContainers(0);
    assertThat(container.getImage()).isEqualTo("nginx:1.16.1");
    assertThat(container.getPorts(0).getContainerPort()).isEqualTo(80);
    assertThat(container.getImagePullPolicy()).as("defaulted as on any update").isEqualTo("IfNotPresent");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(created.getMetadata().getGeneration() + 1);
    assertThat(deployments.get("default", "web")).isEqualTo(patched);
  }

  @Test
  void mergeAndJsonPatches() {
    deployments.create(Fixtures.deployment("default", "web"));

    assertThat(deployments.patch("default", "web", PatchType.MERGE,
        "{\"metadata\":{\"labels\":{\"app\":null,\"tier\":\"front\"}}}", false).getMetadata().getLabelsMap())
        .containsOnlyKeys("tier");
    assertThat(deployments.patch("default", "web", PatchType.JSON,
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1}]", false).getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void aPatchMakingTheObjectInvalidIsRefusedWithTheFieldAndNothingIsWritten() {
    deployments.create(Fixtures.deployment("default", "web"));
    int writes = api.storage.writes();

    assertThatThrownBy(() -> deployments.patch("default", "web", PatchType.MERGE, "{\"spec\":{\"replicas\":-1}}", false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo("Invalid");
          assertThat(e.causes()).anyMatch(c -> c.getField().equals("spec.replicas"));
        });
    assertThatThrownBy(() -> deployments.patch("default", "web", PatchType.MERGE, "{\"spec\":{\"bogus\":1}}", false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("unknown field"));
    assertThatThrownBy(() -> deployments.patch("default", "web", PatchType.MERGE, "{\"metadata\":{\"name\":\"other\"}}", false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
            .isEqualTo("the name of the object (other) does not match the name on the URL (web)"));
    assertThatThrownBy(() -> deployments.patch("default", "ghost", PatchType.MERGE, "{}", false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThat(api.storage.writes()).isEqualTo(writes);
  }

  @Test
  void aResourceVersionInThePatchIsAPrecondition() {
    Deployment created = deployments.create(Fixtures.deployment("default", "web"));
    String stale = created.getMetadata().getResourceVersion();
    deployments.patch("default", "web", PatchType.MERGE, "{\"spec\":{\"replicas\":4}}", false);

    assertThatThrownBy(() -> deployments.patch("default", "web", PatchType.MERGE,
        "{\"metadata\":{\"resourceVersion\":\"" + stale + "\"},\"spec\":{\"replicas\":5}}", false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isConflict()).isTrue());
    assertThat(deployments.get("default", "web").getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void dryRunsOfPatchCreateAndDeleteStoreNothing() {
    deployments.create(Fixtures.deployment("default", "web"));
    int writes = api.storage.writes();

    Deployment dry = deployments.patch("default", "web", PatchType.MERGE, "{\"spec\":{\"replicas\":9}}", true);
    deployments.delete("default", "web", DeleteOptions.defaults(), true);
    deployments.create(Fixtures.deployment("default", "other"), true);
    Service svc = api.client.resource(Service.class).create(Fixtures.service("default", "svc"), true);

    assertThat(dry.getSpec().getReplicas()).isEqualTo(9);
    assertThat(svc.getSpec().getClusterIp()).as("a dry run allocates as a create would").isNotEmpty();
    assertThat(api.storage.writes()).isEqualTo(writes);
    assertThat(deployments.get("default", "web").getSpec().getReplicas()).isEqualTo(3);
    assertThatThrownBy(() -> deployments.get("default", "other")).isInstanceOf(ApiException.class);
  }
}
