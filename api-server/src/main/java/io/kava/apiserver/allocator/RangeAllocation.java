package io.kava.apiserver.allocator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.BitSet;

/**
 * The stored value of one allocation bitmap, as upstream's RangeAllocation object: the range it covers
 * and a bit per value (set: allocated). Stored as JSON so that {@code etcdctl get} shows what it is; the
 * data bytes are {@link BitSet#toByteArray()} (little-endian, not upstream's big.Int order).
 */
record RangeAllocation(String range, BitSet bits) {
  private static final ObjectMapper JSON = new ObjectMapper();

  RangeAllocation {
    bits = (BitSet) bits.clone();
  }

  @Override
  public BitSet bits() {
    return (BitSet) bits.clone();
  }

  byte[] encode(String name) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", "RangeAllocation");
    node.put("apiVersion", "v1");
    node.putObject("metadata").put("name", name);
    node.put("range", range);
    node.put("data", Base64.getEncoder().encodeToString(bits.toByteArray()));
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  static RangeAllocation decode(byte[] value) {
    try {
      JsonNode node = JSON.readTree(value);
      return new RangeAllocation(node.path("range").asText(""),
          BitSet.valueOf(Base64.getDecoder().decode(node.path("data").asText(""))));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("Stored range allocation is not readable", e);
    }
  }
}
