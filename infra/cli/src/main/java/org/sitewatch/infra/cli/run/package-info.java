/**
 * {@code sitewatch demo}, {@code sitewatch run} and {@code sitewatch up}: the all-in-one mode from
 * the command line.
 *
 * <p>{@link org.sitewatch.infra.cli.run.AllInOne} runs a {@link
 * org.sitewatch.infra.local.LocalPipeline} on a list of seeds and prints leads as they open and a
 * summary at the end; given a {@code Serving}, it also serves the workbench on the pipeline's lead
 * store ({@code up}: from the start; {@code demo --serve}: once the demo has drained) until Ctrl-C.
 * The commands only gather seeds and settings ({@code demo}: the farm of {@code infra.demo} and its
 * expected leads, and its demo accounts). How the stages are put together is in {@code
 * infra.stage}, not here.
 */
package org.sitewatch.infra.cli.run;
