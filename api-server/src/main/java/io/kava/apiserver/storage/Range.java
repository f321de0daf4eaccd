package io.kava.apiserver.storage;

import java.util.List;

/** The keys under a prefix, in key order, as of one revision. */
public record Range(List<KeyValue> items, long revision) {}
