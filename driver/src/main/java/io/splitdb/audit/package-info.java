/**
 * The audit log: who read or wrote which protected columns of which rows, recorded per statement
 * by the driver in an append-only chain of HMAC-linked entries ({@code _split_audit}) on all three
 * backends, and checked by {@code splitdb audit verify}.
 *
 * <p>An entry holds the statement's shape with its literals lifted out, never a value.
 */
package io.splitdb.audit;
