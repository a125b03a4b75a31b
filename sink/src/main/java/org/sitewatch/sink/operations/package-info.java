/**
 * Operator networks: {@link org.sitewatch.sink.operations.Operations} reads operations and edits
 * the ignore list; {@link org.sitewatch.sink.operations.OperationIndex} keeps the identifier and
 * SimHash rows of each lead and recomputes the connected components under one advisory lock.
 *
 * <p>Rules (strong identifiers, ignore list, SimHash bands): {@code docs/operations.md}.
 */
package org.sitewatch.sink.operations;
