/**
 * Threads and retries: {@link org.sitewatch.common.concurrent.Threads} (named thread factories,
 * daemon only when asked) and {@link org.sitewatch.common.concurrent.Backoff} (doubling, capped,
 * with a quiet logging rule). Every thread of the project is created through {@code Threads}.
 */
package org.sitewatch.common.concurrent;
