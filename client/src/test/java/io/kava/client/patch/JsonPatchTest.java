package io.kava.client.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** RFC 6902's examples (appendix A) and its error cases; RFC 7386's examples for merge patch. */
class JsonPatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode patch(String doc, String ops) {
    return JsonPatch.apply(json(doc), json(ops));
  }

  @Test
  void addsAnObjectMemberAndAnArrayElement() {
    assertThat(patch("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux'}]"))
        .isEqualTo(json("{'foo':'bar','baz':'qux'}"));
    assertThat(patch("{'foo':['bar','baz']}", "[{'op':'add','path':'/foo/1','value':'qux'}]"))
        .isEqualTo(json("{'foo':['bar','qux','baz']}"));
    assertThat(patch("{'foo':['bar']}", "[{'op':'add','path':'/foo/-','value':'x'}]"))
        .isEqualTo(json("{'foo':['bar','x']}"));
  }

  @Test
  void removesReplacesMovesAndCopies() {
    assertThat(patch("{'baz':'qux','foo':'bar'}", "[{'op':'remove','path':'/baz'}]")).isEqualTo(json("{'foo':'bar'}"));
    assertThat(patch("{'foo':['bar','qux','baz']}", "[{'op':'remove','path':'/foo/1'}]"))
        .isEqualTo(json("{'foo':['bar','baz']}"));
    assertThat(patch("{'baz':'qux','foo':'bar'}", "[{'op':'replace','path':'/baz','value':'boo'}]"))
        .isEqualTo(json("{'baz':'boo','foo':'bar'}"));
    assertThat(patch("{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]"))
        .isEqualTo(json("{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}"));
    assertThat(patch("{'foo':['all','grass','cows','eat']}", "[{'op':'move','from':'/foo/1','path':'/foo/3'}]"))
        .isEqualTo(json("{'foo':['all','cows','eat','grass']}"));
    assertThat(patch("{'a':{'b':1}}", "[{'op':'copy','from':'/a','path':'/c'}]")).isEqualTo(json("{'a':{'b':1},'c':{'b':1}}"));
  }

  @Test
  void escapedPointerTokens() {
    assertThat(patch("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':10},{'op':'replace','path':'/~1','value':1}]"))
        .isEqualTo(json("{'/':1,'~1':10}"));
  }

  @Test
  void aFailedTestFailsThePatch() {
    assertThatThrownBy(() -> patch("{'baz':'qux'}", "[{'op':'test','path':'/baz','value':'bar'}]"))
        .isInstanceOf(PatchException.class).hasMessageContaining("testing value /baz failed");
  }

  @Test
  void aMissingTargetOrParentIsAnError() {
    assertThatThrownBy(() -> patch("{'foo':'bar'}", "[{'op':'remove','path':'/baz'}]"))
        .isInstanceOf(PatchException.class).hasMessageContaining("missing the path /baz");
    assertThatThrownBy(() -> patch("{'foo':'bar'}", "[{'op':'add','path':'/baz/bat','value':'qux'}]"))
        .isInstanceOf(PatchException.class).hasMessageContaining("missing the path /baz");
    assertThatThrownBy(() -> patch("{'foo':[1]}", "[{'op':'add','path':'/foo/5','value':2}]"))
        .isInstanceOf(PatchException.class).hasMessageContaining("out of bounds");
    assertThatThrownBy(() -> patch("{}", "[{'op':'frob','path':'/a'}]"))
        .isInstanceOf(PatchException.class).hasMessageContaining("frob");
  }

  @Test
  void theDocumentIsNotChanged() {
    JsonNode doc = json("{'a':[1]}");
    JsonPatch.apply(doc, json("[{'op':'add','path':'/a/0','value':0}]"));
    assertThat(doc).isEqualTo(json("{'a':[1]}"));
  }

  @Test
  void mergePatchFollowsRfc7386() {
    // RFC 7386 section 3's example
    assertThat(JsonMergePatch.apply(
        json("{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},'tags':['example','sample'],'content':'This will be unchanged'}"),
        json("{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}")))
        .isEqualTo(json("{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}"));
    assertThat(JsonMergePatch.apply(json("{'a':'b'}"), json("{'a':{'bb':{'ccc':null}}}"))).isEqualTo(json("{'a':{'bb':{}}}"));
    assertThat(JsonMergePatch.apply(json("['a','b']"), json("['c','d']"))).isEqualTo(json("['c','d']"));
  }
}
