package org.sitewatch.sink.store;

/**
 * The lead database has no Sitewatch schema, or an older one, and this command does not migrate:
 * the message names {@code sitewatch db migrate}. An operator's error, not a program's.
 */
public final class SchemaNotCurrentException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  SchemaNotCurrentException(String message) {
    super(message);
  }
}
