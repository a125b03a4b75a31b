/**
 * {@code sitewatch demo} and {@code sitewatch run}: the all-in-one mode from the command line.
 *
 * <p>{@link org.sitewatch.infra.cli.run.AllInOne} runs a {@link
 * org.sitewatch.infra.local.LocalPipeline} on a list of seeds and prints leads as they open and a
 * summary at the end; the two commands only gather seeds and settings ({@code demo}: the farm of
 * {@code infra.demo} and its expected leads). How the stages are put together is in {@code
 * infra.stage}, not here.
 */
package org.sitewatch.infra.cli.run;
