/**
 * The demo site farm behind {@code sitewatch demo}: fictional Chinese and English websites, served
 * on loopback so that the whole pipeline can be shown end to end without touching the internet.
 *
 * <p>One JDK {@code HttpServer} serves every site as a virtual host chosen by the Host header;
 * the crawler reaches realistic host names through a resolve table ({@link
 * org.sitewatch.infra.demo.DemoFarm#resolveTable()}), never DNS. Content is static, bundled under
 * {@code demo-farm/} on the class path and described by the manifest {@code demo-farm/sites.tsv},
 * which also states for every site whether a correct pipeline should open a lead. The sites come
 * in three kinds: ordinary sites, adult-looking sites (mild, non-explicit wording, no images) and
 * hard negatives that share the vocabulary of adult sites but must not become leads (news about a
 * crackdown, sex education, a lingerie shop, a court report).
 *
 * <p>A few things are done at serving time so that the demo exercises the pipeline: {@code
 * {{PORT}}} in pages becomes the farm's port (cross-site links cannot know it in advance); a site
 * with a {@code _charset} file is re-encoded on the fly (one Chinese site is served as GBK, so
 * charset detection matters); a {@code _headers} file adds response headers (one site labels
 * itself with an RTA {@code Rating} header). Every answered request is kept in a request log so
 * the demo can show what the crawler fetched.
 */
package org.sitewatch.infra.demo;
