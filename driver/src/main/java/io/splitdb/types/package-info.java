/**
 * Logical SQL types and protected values: what MySQL stores when a value is assigned to a column
 * ({@link io.splitdb.types.ValueCodec#normalize}), its canonical bytes before encryption, and what
 * each {@code java.sql.ResultSet} getter returns for it, the way MySQL Connector/J does
 * ({@link io.splitdb.types.JdbcValues}).
 */
package io.splitdb.types;
