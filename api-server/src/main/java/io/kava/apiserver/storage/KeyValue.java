package io.kava.apiserver.storage;

/** One stored key: its value and the revisions of its creation and last change. */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {}
