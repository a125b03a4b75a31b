/**
 * The classifier stage: scores every fetched page, decides per site, and explains every decision.
 *
 * <h2>Page score</h2>
 *
 * A page is reduced to its visible text (title, meta description and keywords, body text via
 * jsoup) and its parsed document. {@link org.sitewatch.classifier.SignalDetector}s report raw
 * signals: lexicon keywords, HTML structure, payment patterns, layout, hidden text and identifiers. Keywords come from reviewable text
 * lexicons ({@code lexicons/zh.txt}, {@code lexicons/en.txt}; format in their headers, plus an
 * optional operator file that adds, replaces or disables rules). Each phrase is analysed once at
 * load into a Lucene {@code TermQuery}/{@code PhraseQuery}; per page the text goes into a {@code
 * MemoryIndex} with offsets and Lucene's Matches API yields each match's offsets in the original
 * text, from which a snippet (about 30 characters each side) is cut. The analysis chain undoes
 * evasion before matching, keeping offsets in the original text ({@code EvasionCharFilter},
 * {@code LatinEvasionFilter}): compatibility forms (full-width, decorated letters, circled digits),
 * zero-width characters, Traditional to Simplified, Cyrillic/Greek look-alikes in Latin words,
 * accents, leet digits, repeated letters and characters, and noise between Chinese characters
 * ({@code 色*情}); then it lower-cases and turns Chinese into character bigrams. Latin phrases match
 * whole words ({@code word*} for a prefix); {@code a + b} asks for both on the page, {@code a ~N b}
 * within N tokens. A two-character Chinese match is checked against smartcn word boundaries around
 * it ({@code 颜色情况} does not hold {@code 色情}). Only the terms some rule needs are indexed, and a
 * rule is searched only when all its terms are on the page. {@link
 * org.sitewatch.classifier.LexiconImport} converts e2guardian weighted phrase lists.
 * Structure signals: the RTA label and adult {@code
 * rating} values (meta or header), schema.org {@code isFamilyFriendly=false} (microdata, RDFa,
 * JSON-LD), age-gate wording and age-gate dialogs (an enter and a leave control next to "18"),
 * 18 U.S.C. 2257 statements (explicit); prices per period, QR-code payment, top-ups with amounts,
 * price lists of membership tiers, and a payment account among the identifiers (profit);
 * video-heavy layouts with little prose and thumbnail grids with durations (live-video, so that an
 * ordinary video portal stays low); link farms to adult-looking hosts or anchors, and cloaking:
 * hidden text ({@code display:none}, {@code font-size:0}, off-screen, colour of the background,
 * {@code hidden}, simple rules of the page's own {@code <style>}) in which the keyword detector,
 * run on the hidden text alone, finds explicit words (explicit). Regexes over the text run only
 * near literal anchors found in one pass ({@code TextScan}), so large pages stay cheap.
 *
 * <h2>Injected links, identifiers, findings</h2>
 *
 * Hidden blocks of links to other sites are the mark of a hacked site: they are removed before
 * the page is scored (their words never raise its score), and when the page stays below the
 * threshold they become an {@code injected-links} {@link org.sitewatch.events.Finding} that lists
 * the targets (with the adult-looking ones named): the site is a victim to notify, the targets
 * are the suspects. {@code IdentifierExtractor} reports ICP and public-security filing numbers,
 * QQ, WeChat, phone and Telegram handles, payment accounts (Alipay; USDT-TRC20 and Bitcoin
 * addresses with their checksums) and analytics IDs (Google, Baidu Tongji, CNZZ), each with its
 * snippet. A filing's province character is checked against the area code of the public-security
 * number ({@code Provinces}: the 34 province-level abbreviations and two-digit codes); a mismatch
 * is attribute {@code consistent=false} and a {@code forged-filing} finding. Identifiers do not
 * score, except a payment account: a small profit signal ({@code identifier.payment-account}),
 * which cannot flag a page since profit is capped.
 *
 * <p>Each page also gets a 64-bit SimHash of its visible text ({@code TextSimhash}: shingles of
 * two words or two CJK characters, one pass, no hash under 24 shingles), kept in the site state
 * and carried on the verdict as {@code PageRef.textSimhash}; the sink uses it to find
 * near-identical pages of a new site and a confirmed one (docs/operations.md).
 *
 * <p>The score is a transparent logistic model: {@code logit = BIAS + sum(contribution)}, {@code
 * score = 1 / (1 + e^-logit)}, with {@code BIAS = -4} (a page with no signal scores 0.018). A
 * signal contributes {@code weight * f(count)} with {@code f = 1, 1.5, 2} for 1, 2, 3+ matches, so
 * repetition helps a little and one built-in rule alone never reaches 0.5; two or three distinct
 * explicit or profit signals do. Each category's total is capped (explicit 6, profit 1.5,
 * live-video 1, solicitation 5, minors 3, negative-context -8) by scaling its signals down
 * proportionally, so an ordinary video portal full of VIP and top-up words stays low and the
 * signal weights reported always add up to {@code logit - BIAS}. Minors signals count only next to
 * an explicit signal. Negative context (news and police wording, sex education and health,
 * lingerie sizes, art) has negative weights and pulls a crackdown report that names {@code 色情网站}
 * well below the threshold. A page is flagged at {@code score >= pageThreshold} (0.5).
 *
 * <h2>Site score</h2>
 *
 * {@link org.sitewatch.classifier.SitewatchTopology} aggregates per site (the pages topic is keyed
 * by site) into a bounded {@code SiteState}: the best score seen for each URL, for the best
 * {@code max(maxPagesPerVerdict, 3)} URLs, with their strongest signals, body SHA-256 and fetch
 * time, plus counters. The site score is a noisy-or of the three best pages, {@code 1 - prod(1 -
 * s_i)}, where a page below the page threshold counts at half its score. So an innocuous home page
 * with explicit sub-pages is caught (0.7 and 0.8 give 0.94), while one stray page just over the
 * page threshold on an ordinary site (0.55, rest near 0: 0.56) or three merely suspicious pages
 * (0.45 each: 0.53) do not reach the site threshold (0.6). A verdict carries the categories of the
 * flagged pages' positive signals, the strongest signals across tracked pages (each with its page
 * URL), page references, a revision that grows by one per update, the lexicon version and the
 * decision time from the injected clock. The state also keeps the site's identifiers (once per
 * type and value, at most 50, filing numbers and accounts first) and findings (once per kind and
 * detail, at most 20), which the verdict (v2) carries.
 *
 * <p>Conducts ({@code Conducts}, the one place of this mapping) follow from the categories of the
 * flagged pages: {@code profit} gives {@code for-profit}; {@code explicit} without {@code profit}
 * gives {@code without-profit}; {@code live-video} gives {@code showing-audio-video}; {@code
 * solicitation} gives {@code solicitation}. An unflagged site has no conduct.
 *
 * <h2>Address score</h2>
 *
 * {@link org.sitewatch.classifier.UrlClassifier} scores a URL or bare domain without fetching it,
 * for ranking links and as a prior: host labels and path are cut into chunks at punctuation and
 * letter/digit boundaries, glued words are segmented by dynamic programming over the rule
 * vocabulary ({@code freeporntube} -> {@code free|porn|tube}; neutral words such as {@code essex}
 * or {@code youtube} keep signal words from being found inside ordinary ones), and the rules of
 * {@code lexicons/url.txt} (English adult words, Chinese pinyin and number patterns, TLD priors,
 * negative context) add up in the same kind of logistic model, with its own bias (-2.5).
 * {@link org.sitewatch.classifier.Evaluation} measures both classifiers on labelled data.
 *
 * <h2>Failures</h2>
 *
 * A record that cannot be read becomes a {@code BAD_RECORD} outcome via {@link
 * org.sitewatch.classifier.BadRecordHandler}; a page that cannot be scored becomes {@code
 * SCORE_FAILED}; a non-HTML page becomes {@code CONTENT_REJECTED} ("not scored: ..."). Non-2xx
 * pages are skipped (the crawler reports them). A page record out of bounds ({@code Intake}), a
 * record a processor fails on ({@code FailedProcessingHandler}) or one that cannot be written
 * ({@code UnwritableRecordHandler}) becomes an outcome too. The stream never stops for one bad
 * item.
 *
 * <h2>Hostile pages</h2>
 *
 * Every field written is bounded where a page's results are produced ({@code Bounds}), the stored
 * site state is kept under 512 KiB ({@code SiteState.fitted}), every pattern run on page content is
 * linear, each page has a time budget, and control characters become spaces at extraction. A
 * replayed page (same URL and body) changes nothing; a new site state opens an epoch. The bounds
 * and the reasons are in {@code docs/classifier-limits.md}.
 *
 * <h2>Known limits</h2>
 *
 * The smartcn check also refuses a few true slang matches that it segments differently ({@code
 * 熟女人妻} as {@code 熟 / 女人 / 妻}); homophones are not normalised. Hidden text that is not a link
 * block (injected prose on a hacked site) is scored, and scored higher as cloaking; external style
 * sheets are not read, so text hidden by them is seen as visible.
 */
package org.sitewatch.classifier;
