/**
 * Keys, value encryption, secret sharing, blind indexes and MySQL collation equality keys: every
 * cryptographic decision of splitdb lives here, behind small interfaces and final classes.
 *
 * <p>Nothing in this package puts a key, a plaintext, a share or a ciphertext in a message, a log
 * line or a {@code toString()}; errors name the table and column instead.
 */
package io.splitdb.crypto;
