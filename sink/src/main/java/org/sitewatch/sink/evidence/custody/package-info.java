/**
 * The custody log: per lead an append-only chain of {@link
 * org.sitewatch.sink.evidence.custody.CustodyEntry entries} in PostgreSQL, each hashing its content
 * and the previous entry's hash ({@link org.sitewatch.sink.evidence.custody.CustodyLog}).
 *
 * <p>Where to change what: the chain rules both the database check and the bundle verifier apply
 * are in {@code ChainCheck}; the JSON form the hashes cover is {@code Canonical} (changing it
 * breaks every existing chain); the actions are {@code CustodyAction}. The hash rule is documented
 * in {@code docs/evidence.md}.
 */
package org.sitewatch.sink.evidence.custody;
