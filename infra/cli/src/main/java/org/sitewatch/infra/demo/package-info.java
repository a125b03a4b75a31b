/**
 * The demo site farm behind {@code sitewatch demo}: fictional websites served on loopback, so the
 * whole pipeline can be shown without touching the internet.
 *
 * <p>{@link org.sitewatch.infra.demo.DemoFarm} starts the server and gives the resolve table;
 * {@link org.sitewatch.infra.demo.FarmHandler} answers requests (virtual hosts, {@code {{PORT}}},
 * re-encoding, extra headers); {@link org.sitewatch.infra.demo.FarmContent} loads the bundled pages
 * and the manifest {@code demo-farm/sites.tsv}, which says which sites should become leads. To add
 * a site: a folder under {@code src/main/resources/demo-farm/} and a manifest line. Design:
 * docs/demo-farm.md.
 */
package org.sitewatch.infra.demo;
