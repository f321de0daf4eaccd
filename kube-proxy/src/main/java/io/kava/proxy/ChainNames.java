package io.kava.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import io.kava.client.net.PodNetworkGuard;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Upstream's chain names with the cluster tag in place of "KUBE": KUBE-SERVICES becomes TAG-SERVICES,
 * KUBE-SVC-&lt;hash&gt; becomes TAG-SVC-&lt;hash&gt;, so two clusters on one host never write or delete each
 * other's chains. The hashes are upstream's (sha256, base32, first 16 characters) of the same input,
 * so a chain's suffix matches what upstream kube-proxy would call it. iptables allows 28 characters:
 * a tag of at most 7 characters keeps TAG-SVC-&lt;16&gt; within that.
 */
public final class ChainNames {
  public static final int MAX_TAG_LENGTH = 7;
  private static final Pattern TAG = Pattern.compile("[A-Z][A-Z0-9]{0," + (MAX_TAG_LENGTH - 1) + "}");
  /** Chains that are not one cluster's: the pod network guard and deploy/hosts.sh's bridge accept. */
  static final Set<String> SHARED_CHAINS = Set.of(PodNetworkGuard.CHAIN, "KAVA-HOSTS");
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private final String tag;

  public ChainNames(String tag) {
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("Invalid cluster tag '" + tag + "': 1 to " + MAX_TAG_LENGTH
          + " upper-case letters and digits, starting with a letter");
    }
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }

  /** Every chain of this cluster starts with this; another tag never does (the dash ends the tag). */
  public String prefix() {
    return tag + "-";
  }

  public String services() {
    return tag + "-SERVICES";
  }

  public String externalServices() {
    return tag + "-EXTERNAL-SERVICES";
  }

  public String nodePorts() {
    return tag + "-NODEPORTS";
  }

  public String postrouting() {
    return tag + "-POSTROUTING";
  }

  public String markMasq() {
    return tag + "-MARK-MASQ";
  }

  public String forward() {
    return tag + "-FORWARD";
  }

  /** Upstream's KUBE-FIREWALL (made by the kubelet there): drops outside traffic to 127/8 that route_localnet would let in. */
  public String firewall() {
    return tag + "-FIREWALL";
  }

  /** KUBE-SVC-: a service port's load-balancing chain. */
  public String serviceChain(String servicePortName, String protocol) {
    return tag + "-SVC-" + hash(servicePortName + protocol);
  }

  /** KUBE-EXT-: where NodePort traffic for a service port enters (masquerade, then the SVC chain). */
  public String externalChain(String servicePortName, String protocol) {
    return tag + "-EXT-" + hash(servicePortName + protocol);
  }

  /** KUBE-SEP-: one endpoint of a service port (hairpin masquerade and DNAT). */
  public String endpointChain(String servicePortName, String protocol, String endpoint) {
    return tag + "-SEP-" + hash(servicePortName + protocol + endpoint);
  }

  /** The network policy controller's entry chain in filter FORWARD (Calico's cali-FORWARD, kube-router's KUBE-ROUTER-FORWARD). */
  public String networkPolicy() {
    return tag + "-NETPOL";
  }

  /** A pod's ingress chain: what its NetworkPolicies let in (key: namespace/name). */
  public String podIngressChain(String podKey) {
    return tag + "-NPI-" + hash(podKey);
  }

  /** A pod's egress chain: what its NetworkPolicies let out. */
  public String podEgressChain(String podKey) {
    return tag + "-NPE-" + hash(podKey);
  }

  /** An ipBlock with excepts, as a chain of its own (key: the pod, direction, policy, rule and peer). */
  public String ipBlockChain(String key) {
    return tag + "-NPX-" + hash(key);
  }

  /** Per-pod chains the network policy controller creates and deletes as pods and policies come and go. */
  public boolean isPolicyChain(String chain) {
    return List.of("-NPI-", "-NPE-", "-NPX-").stream().anyMatch(p -> chain.startsWith(tag + p));
  }

  /** Per-service chains this cluster creates and deletes as services come and go. */
  public boolean isServiceChain(String chain) {
    return List.of("-SVC-", "-EXT-", "-SEP-").stream().anyMatch(p -> chain.startsWith(tag + p));
  }

  /** True for every chain this cluster owns, in any table. */
  public boolean isOwn(String chain) {
    // The default tag KAVA shares its prefix with chains every part of Kava shares (the pod network guard).
    return chain.startsWith(prefix()) && !SHARED_CHAINS.contains(chain);
  }

  static String hash(String input) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return base32(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 4648 base32 (Go's base32.StdEncoding), enough of it for the first 16 characters. */
  private static String base32(byte[] data) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
