package io.kava.kubectl.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.kubectl.CliException;
import io.kava.kubectl.edit.MetadataMapEdit.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The KEY=VALUE and KEY- arguments of label and annotate, read as kubectl reads them. */
class MetadataMapEditTest {
  @Test
  void resourcesComeFirstThenThePairs() {
    MetadataMapEdit.Split split = MetadataMapEdit.split(List.of("pods", "web", "a=b", "c-"), Field.LABELS);
    assertThat(split.resources()).containsExactly("pods", "web");
    assertThat(split.pairs()).containsExactly("a=b", "c-");
    assertThat(MetadataMapEdit.split(List.of("deploy/my-app-", "a=b"), Field.LABELS).resources())
        .as("KIND/NAME ending in - is a resource").containsExactly("deploy/my-app-");
    assertThatThrownBy(() -> MetadataMapEdit.split(List.of("pods", "a=b", "web"), Field.LABELS))
        .isInstanceOf(CliException.class)
        .hasMessage("error: all resources must be specified before label changes: web");
  }

  @Test
  void badSpecsGiveKubectlsErrors() {
    assertThatThrownBy(() -> MetadataMapEdit.parse(List.of("a=b=c"), Field.LABELS))
        .hasMessage("error: invalid label spec: a=b=c");
    assertThatThrownBy(() -> MetadataMapEdit.parse(List.of("a=not valid"), Field.LABELS))
        .hasMessageStartingWith("error: invalid label value: \"a=not valid\": ");
    assertThatThrownBy(() -> MetadataMapEdit.parse(List.of("-bad=x"), Field.LABELS))
        .hasMessageStartingWith("error: invalid label spec: -bad=x, ");
    assertThatThrownBy(() -> MetadataMapEdit.parse(List.of("a=1", "a-"), Field.LABELS))
        .hasMessage("error: can not both modify and remove the following label(s) in the same command: a");
    assertThat(MetadataMapEdit.parse(List.of("note=any text, even: this"), Field.ANNOTATIONS).isEmpty())
        .as("annotation values are free text").isFalse();
  }

  @Test
  void anExistingDifferentValueNeedsOverwrite() {
    MetadataMapEdit edit = MetadataMapEdit.parse(List.of("app=web", "old-"), Field.LABELS);
    Map<String, String> current = Map.of("app", "nginx", "old", "1", "keep", "k");

    assertThatThrownBy(() -> edit.applyTo(current, false))
        .hasMessage("error: 'app' already has a value (nginx), and --overwrite is false");
    assertThat(edit.applyTo(current, true)).isEqualTo(Map.of("app", "web", "keep", "k"));
    assertThat(MetadataMapEdit.parse(List.of("app=nginx"), Field.LABELS).applyTo(current, false))
        .as("the same value is no overwrite").isEqualTo(current);
  }

  @Test
  void theMergePatchCarriesOnlyTheChangesAndTheResourceVersion() {
    MetadataMapEdit edit = MetadataMapEdit.parse(List.of("app=web", "old-"), Field.LABELS);
    Map<String, String> before = Map.of("app", "nginx", "old", "1", "keep", "k");
    assertThat(edit.mergePatch(before, edit.applyTo(before, true), "42").toString())
        .isEqualTo("{\"metadata\":{\"labels\":{\"app\":\"web\",\"old\":null},\"resourceVersion\":\"42\"}}");
    assertThat(edit.missing(Map.of())).containsExactly("old");
  }
}
