/**
 * The OpenAPI document of the workbench's JSON API, {@code web/openapi.json}, served at {@code
 * /api/openapi.json}. Whoever adds an {@code /api/} route describes it there: a test fails for a
 * route registered with {@code Routes.apiGet/apiPost} that the document lacks.
 */
package org.sitewatch.web.apidoc;
