/**
 * The {@code sitewatch} command line: {@link org.sitewatch.infra.cli.SitewatchCommand} is the entry
 * point and lists every subcommand; the commands live in sub-packages by what they work on.
 *
 * <p>Here: what every command shares — {@link org.sitewatch.infra.cli.ConfigOptions} ({@code
 * --config}, {@code --set}), {@link org.sitewatch.infra.cli.TerminalText} (no control character
 * from crawled text reaches the terminal), {@link org.sitewatch.infra.cli.ShutdownHook}, {@link
 * org.sitewatch.infra.cli.LeadJson}, {@link org.sitewatch.infra.cli.UrlListFile} and {@link
 * org.sitewatch.infra.cli.ServedSite} (a served workbench or public site). Sub-packages: {@code
 * run} (demo, run, up), {@code workbench}, {@code tips} (the public tip-off site), {@code stage}
 * (crawler, classifier, sink, seed), {@code classify} (classify, eval, lexicon, train), {@code
 * lead} (the analysts' commands on the lead database), {@code evidence} (evidence, warc), {@code
 * db} (db migrate). A command's name and options are documented in the README: change both
 * together.
 */
package org.sitewatch.infra.cli;
