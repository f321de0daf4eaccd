package io.kava.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.apiserver.defaulting.LimitRangeDefaults;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.codec.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaValidationTest {
  private static List<String> limitRangeErrors(String spec) {
    LimitRange lr = LimitRangeDefaults.limitRange(Manifests.parseAs(
        "apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr, namespace: ns}\nspec:\n" + spec.indent(2), LimitRange.class));
    return QuotaValidation.validateLimitRange(lr).stream().map(FieldError::toString).toList();
  }

  private static List<String> quotaErrors(String spec) {
    ResourceQuota q = Manifests.parseAs(
        "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: ns}\nspec:\n" + spec.indent(2), ResourceQuota.class);
    return QuotaValidation.validateResourceQuota(q).stream().map(FieldError::toString).toList();
  }

  @Test
  void theDocsLimitRangesAreValid() {
    assertThat(limitRangeErrors("limits: [{type: Container, default: {memory: 512Mi}, defaultRequest: {memory: 256Mi}}]")).isEmpty();
    assertThat(limitRangeErrors("limits: [{type: Container, max: {cpu: 800m}, min: {cpu: 200m}}]")).isEmpty();
  }

  @Test
  void limitRangeErrorsNameTheirPath() {
    assertThat(limitRangeErrors("""
        limits:
        - {type: Container, min: {cpu: "2"}, max: {cpu: "1"}}
        - {type: Pod, default: {cpu: "1"}}
        - {type: Node}
        - {type: Container, maxLimitRequestRatio: {memory: 500m}}
        """)).anySatisfy(e -> assertThat(e).startsWith("spec.limits[0].min[cpu]: Invalid value").contains("min value 2 is greater than max value 1"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.limits[1].default: Forbidden"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.limits[2].type: Unsupported value"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.limits[3].type: Duplicate value"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.limits[3].maxLimitRequestRatio[memory]").contains("is less than 1"));
  }

  @Test
  void theDocsQuotaIsValid() {
    assertThat(quotaErrors("hard: {requests.cpu: \"1\", requests.memory: 1Gi, limits.cpu: \"2\", limits.memory: 2Gi}")).isEmpty();
    assertThat(quotaErrors("hard: {pods: \"10\", count/deployments.apps: \"2\", services.nodeports: \"0\"}")).isEmpty();
  }

  @Test
  void quotaErrorsNameTheirPath() {
    assertThat(quotaErrors("hard: {widgets: \"1\", pods: 1500m, cpu: \"-1\"}"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.hard[widgets]: Invalid value").contains("must be a standard resource for quota"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.hard[pods]").contains("must be an integer"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.hard[cpu]").contains("must be greater than or equal to 0"));
    assertThat(quotaErrors("hard: {services: \"1\"}\nscopes: [BestEffort, NotBestEffort, Sometimes]"))
        .anySatisfy(e -> assertThat(e).startsWith("spec.scopes[2]: Unsupported value"))
        .anySatisfy(e -> assertThat(e).contains("conflicting scopes"))
        .anySatisfy(e -> assertThat(e).contains("unsupported scope applied to resource"));
  }
}
