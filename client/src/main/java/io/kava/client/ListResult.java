package io.kava.client;

import java.util.List;

/** The items of a list and the revision it was read at: the revision a following watch starts from. */
public record ListResult<T>(List<T> items, String resourceVersion) {}
