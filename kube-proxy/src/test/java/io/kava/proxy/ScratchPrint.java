package io.kava.proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
class ScratchPrint {
  @Test void print() throws Exception {
    ProxyRules r = new ProxyRules(new ChainNames("KT"), "172.17.0.0/16", true);
    var sb = new StringBuilder();
    sb.append("=== clusterip\n").append(r.render(List.of(new ServicePortInfo("ns1","svc1","p80","TCP","10.96.0.41",80,0,0,
      List.of(Endpoint.ready("172.17.0.3",8080), Endpoint.ready("172.17.0.2",8080))))).restoreText(List.of()));
    sb.append("=== nodeport\n").append(new ProxyRules(new ChainNames("KT"), "", false).render(List.of(new ServicePortInfo("ns1","web","","TCP","10.96.0.42",80,30080,0,
      List.of(Endpoint.ready("172.17.0.2",80))))).restoreText(List.of()));
    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/proxyscratch/out.txt"), sb);
  }
}
