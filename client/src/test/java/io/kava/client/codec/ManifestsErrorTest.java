package io.kava.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ManifestsErrorTest {
  private static final String DEPLOYMENT_HEAD = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n";

  private static ManifestException parseFails(String text, String source) {
    ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(text, source));
    assertThat(e).as("expected a ManifestException").isNotNull();
    assertThat(e.getMessage()).as("one line").doesNotContain("\n");
    assertThat(e.sourceName()).isEqualTo(source);
    return e;
  }

  @Test
  void unknownKindNamesKindAndVersion() {
    ManifestException e = parseFails("apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n", "x.yaml");

    assertThat(e.getMessage()).isEqualTo("unable to recognize \"x.yaml\": no matches for kind \"Foo\" in version \"v1\"");
  }

  @Test
  void knownKindInAnUnknownVersionIsUnknown() {
    ManifestException e = parseFails("apiVersion: extensions/v1beta1\nkind: Deployment\n", "x.yaml");

    assertThat(e.getMessage()).endsWith("no matches for kind \"Deployment\" in version \"extensions/v1beta1\"");
  }

  @Test
  void unknownFieldNamesItsFullPath() {
    String text = Fixtures.manifest("nginx-deployment.yaml").replace("image: nginx:1.14.2", "imagee: nginx:1.14.2");

    ManifestException e = parseFails(text, "x.yaml");

    assertThat(e.getMessage())
        .isEqualTo("error validating \"x.yaml\": unknown field \"spec.template.spec.containers[0].imagee\"");
    assertThat(e.documentIndex()).isEqualTo(1);
  }

  @Test
  void unknownTopLevelField() {
    ManifestException e = parseFails(DEPLOYMENT_HEAD + "specc: {}\n", "x.yaml");

    assertThat(e.getMessage()).isEqualTo("error validating \"x.yaml\": unknown field \"specc\"");
  }

  @Test
  void protoFieldNamesAreNotJsonNames() {
    ManifestException e = parseFails(DEPLOYMENT_HEAD + "spec:\n  revision_history_limit: 3\n", "x.yaml");

    assertThat(e.getMessage()).isEqualTo("error validating \"x.yaml\": unknown field \"spec.revision_history_limit\"");
  }

  @Test
  void stringWhereAnIntegerBelongsIsRefused() {
    ManifestException e = parseFails(DEPLOYMENT_HEAD + "spec:\n  replicas: \"3\"\n", "x.yaml");

    assertThat(e.getMessage())
        .isEqualTo("error validating \"x.yaml\": invalid type for \"spec.replicas\": got \"string\", expected \"integer\"");
  }

  @Test
  void fractionWhereAnIntegerBelongsIsRefused() {
    ManifestException e = parseFails(DEPLOYMENT_HEAD + "spec:\n  replicas: 1.5\n", "x.yaml");

    assertThat(e.getMessage()).endsWith("invalid type for \"spec.replicas\": got \"number\", expected \"integer\"");
  }

  @Test
  void integerOutOfRangeIsRefused() {
    ManifestException e = parseFails(DEPLOYMENT_HEAD + "spec:\n  replicas: 99999999999\n", "x.yaml");

    assertThat(e.getMessage())
        .isEqualTo("error validating \"x.yaml\": invalid value for \"spec.replicas\": 99999999999 is out of range for int32");
  }

  @Test
  void numberWhereAStringBelongsIsRefusedWithThePath() {
    String text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    env:\n"
        + "    - name: PORT\n      value: 8080\n";

    ManifestException e = parseFails(text, "p.yaml");

    assertThat(e.getMessage()).isEqualTo(
        "error validating \"p.yaml\": invalid type for \"spec.containers[0].env[0].value\": got \"integer\", expected \"string\"");
  }

  @Test
  void mapValuesMustBeStrings() {
    ManifestException e = parseFails("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels:\n    version: 2\n",
        "n.yaml");

    assertThat(e.getMessage())
        .endsWith("invalid type for \"metadata.labels.version\": got \"integer\", expected \"string\"");
  }

  @Test
  void yesIsABooleanNotAString() {
    ManifestException e = parseFails("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels:\n    enabled: yes\n",
        "n.yaml");

    assertThat(e.getMessage()).endsWith("got \"boolean\", expected \"string\"");
  }

  @Test
  void objectWhereAnArrayBelongsIsRefused() {
    String text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    name: c\n";

    ManifestException e = parseFails(text, "p.yaml");

    assertThat(e.getMessage()).endsWith("invalid type for \"spec.containers\": got \"object\", expected \"array\"");
  }

  @Test
  void scalarWhereAnObjectBelongsIsRefused() {
    ManifestException e = parseFails(DEPLOYMENT_HEAD + "spec:\n  selector: app=nginx\n", "x.yaml");

    assertThat(e.getMessage()).endsWith("invalid type for \"spec.selector\": got \"string\", expected \"object\"");
  }

  @Test
  void intOrStringRefusesOtherTypes() {
    String text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n"
        + "    targetPort: true\n";

    ManifestException e = parseFails(text, "s.yaml");

    assertThat(e.getMessage())
        .endsWith("invalid type for \"spec.ports[0].targetPort\": got \"boolean\", expected \"integer or string\"");
  }

  @Test
  void booleanFieldRefusesAString() {
    String text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: \"true\"\n";

    ManifestException e = parseFails(text, "p.yaml");

    assertThat(e.getMessage()).endsWith("invalid type for \"spec.hostNetwork\": got \"string\", expected \"boolean\"");
  }

  @Test
  void secretDataMustBeBase64() {
    String text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: not base64!\n";

    ManifestException e = parseFails(text, "s.yaml");

    assertThat(e.getMessage()).startsWith("error validating \"s.yaml\": invalid value for \"data.password\": illegal base64 data");
  }

  @Test
  void missingKindAndApiVersionAreNamed() {
    assertThat(parseFails("apiVersion: v1\nmetadata:\n  name: x\n", "x.yaml").getMessage())
        .isEqualTo("error validating \"x.yaml\": kind not set");
    assertThat(parseFails("kind: Pod\nmetadata:\n  name: x\n", "x.yaml").getMessage())
        .isEqualTo("error validating \"x.yaml\": apiVersion not set");
  }

  @Test
  void aDocumentThatIsNotAnObjectIsRefused() {
    assertThat(parseFails("just a string\n", "x.yaml").getMessage())
        .isEqualTo("error validating \"x.yaml\": expected an object, got string");
  }

  @Test
  void yamlSyntaxErrorIsOneLineWithItsPosition() {
    ManifestException e = parseFails("apiVersion: v1\nkind: Pod\nmetadata: [a\nspec: {}\n", "bad.yaml");

    assertThat(e.getMessage()).startsWith("error parsing \"bad.yaml\": line ");
    assertThat(e.getMessage()).contains("expected ',' or ']'");
  }

  @Test
  void duplicateKeysAreRefused() {
    ManifestException e = parseFails("apiVersion: v1\nkind: Namespace\nkind: Pod\n", "dup.yaml");

    assertThat(e.getMessage()).startsWith("error parsing \"dup.yaml\": ").contains("Duplicate field 'kind'");
  }

  @Test
  void jsonSyntaxErrorIsReported() {
    ManifestException e = parseFails("{\"apiVersion\": \"v1\", \"kind\": }", "bad.json");

    assertThat(e.getMessage()).startsWith("error parsing \"bad.json\": ");
  }

  @Test
  void errorsInMultiDocumentStreamsNameTheDocument() {
    String text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n"
        + "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n  lables: {}\n";

    ManifestException e = parseFails(text, "two.yaml");

    assertThat(e.getMessage()).isEqualTo("error validating \"two.yaml\" (document 2): unknown field \"metadata.lables\"");
    assertThat(e.documentIndex()).isEqualTo(2);
  }

  @Test
  void errorsInsideAListNameTheItem() {
    String text = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
        + "\"metadata\":{\"name\":\"a\"}},{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"nam\":\"b\"}}]}";

    ManifestException e = parseFails(text, "list.json");

    assertThat(e.getMessage()).isEqualTo("error validating \"list.json\": unknown field \"items[1].metadata.nam\"");
  }
}
