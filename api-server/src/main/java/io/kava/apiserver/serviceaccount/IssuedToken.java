package io.kava.apiserver.serviceaccount;

import java.time.Instant;

/** A signed token and the expiry the caller is told (before any upstream-style extension). */
public record IssuedToken(String token, Instant expiration) {}
