package io.github.kubectlindexed.cluster;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiErrorsTest {
  private static KubernetesClientException invalid(String message) {
    return new KubernetesClientException(new StatusBuilder().withStatus("Failure").withCode(422)
        .withReason("Invalid").withMessage(message).build());
  }

  @Test
  void aGoDumpInAValidationMessageIsCutToItsType() {
    String dump = "core.PodTemplateSpec{ObjectMeta:v1.ObjectMeta{Name:\"}{\", Labels:map[string]string{\"a\":\"b\\\"}\"}},"
        + " Spec:core.PodSpec{Containers:[]core.Container{core.Container{Name:\"worker\"}}}}";
    assertEquals("Job.batch \"x\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field is "
        + "immutable", ApiErrors.describe(invalid("Job.batch \"x\" is invalid: spec.template: Invalid value: " + dump
            + ": field is immutable")));
    assertEquals("Job.batch \"x\" is invalid: [spec.selector: Invalid value: map[string]string{...}: field is "
        + "immutable, spec.completions: Invalid value: 3: must be greater than or equal to 0]",
        ApiErrors.describe(invalid("Job.batch \"x\" is invalid: [spec.selector: Invalid value: "
            + "map[string]string{\"a\":\"b\"}: field is immutable, spec.completions: Invalid value: 3: must be greater "
            + "than or equal to 0]")));
    assertEquals("Job.batch \"x\" is invalid: spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
        ApiErrors.describe(invalid("Job.batch \"x\" is invalid: spec.parallelism: Invalid value: -1: must be greater "
            + "than or equal to 0")));
  }

  @Test
  void theImmutableFieldsComeFromTheCausesOrTheMessage() {
    assertEquals(List.of("spec.template", "spec.selector"), ApiErrors.immutableFields(invalid(
        "Job.batch \"x\" is invalid: [spec.template: Invalid value: core.PodTemplateSpec{Name:\"a, b: Forbidden: c\"}: "
            + "field is immutable, spec.completions: Invalid value: 3: must be at least 0, spec.selector: Invalid "
            + "value: v1.LabelSelector{}: field is immutable]")));
    assertEquals(List.of("data"), ApiErrors.immutableFields(new KubernetesClientException(new StatusBuilder()
        .withStatus("Failure").withCode(422).withReason("Invalid")
        .withMessage("ConfigMap \"c\" is invalid: data: Forbidden: field is immutable when `immutable` is set")
        .withNewDetails().withName("c").withKind("ConfigMap").addNewCause().withReason("FieldValueForbidden")
        .withMessage("Forbidden: field is immutable when `immutable` is set").withField("data").endCause()
        .endDetails().build())));
    assertEquals(List.of(), ApiErrors.immutableFields(invalid("Job.batch \"x\" is invalid: spec.parallelism: "
        + "Invalid value: -1: must be greater than or equal to 0")));
    assertEquals(List.of(), ApiErrors.immutableFields(new KubernetesClientException(new StatusBuilder()
        .withStatus("Failure").withCode(409).withMessage("field is immutable").build())));
  }
}
