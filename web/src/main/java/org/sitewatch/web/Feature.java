package org.sitewatch.web;

import org.sitewatch.web.http.Routes;

/**
 * A part of the workbench (queue, lead page, ...): registers its routes, all through {@link
 * Routes}.
 */
public interface Feature {
  void register(Routes routes);
}
