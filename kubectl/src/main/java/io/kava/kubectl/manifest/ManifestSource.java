package io.kava.kubectl.manifest;

/** The text of one manifest file (or of standard input, named "STDIN"). */
public record ManifestSource(String name, String text) {}
