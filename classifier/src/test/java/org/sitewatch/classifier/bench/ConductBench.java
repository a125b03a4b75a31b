package org.sitewatch.classifier.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.conduct.ConductDetector;
import org.sitewatch.classifier.keywords.NormalizedText;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.classifier.page.PageText;

/**
 * CPU time per page (this thread's, so that figures survive a loaded machine) of full
 * classification, of normalising a page's text, and of the conduct detector on a freshly prepared
 * page (its normalisation included), on {@link ClassifierBench}'s generated pages. Uses only public
 * API, so the same class also measures older classifier classes put behind it on the class path.
 *
 * <pre>
 * java -cp classifier/target/classes:classifier/target/test-classes:events/target/classes:$(cat cp.txt) \
 *     org.sitewatch.classifier.bench.ConductBench HTML_DIR [--pages 60] [--rounds 5]
 * </pre>
 */
public final class ConductBench {
  private ConductBench() {}

  public static void main(String[] args) throws Exception {
    int pages = 60;
    int rounds = 5;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pages" -> pages = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Bench bench = new Bench(Path.of(args[0]), pages);
    bench.round(); // warm-up
    bench.round();
    for (int r = 1; r <= rounds; r++) {
      System.out.println("round " + r + ": " + format(bench.round()));
    }
  }

  static String format(double[] us) {
    return String.format(
        Locale.ROOT,
        "classify %.0f us/page, normalise %.0f us/page, conduct detector %.0f us/page (%.1f %%)",
        us[0],
        us[1],
        us[2],
        100 * us[2] / us[0]);
  }

  /** The pages and the classifier, made once; {@link #round} times one pass of each part. */
  public static final class Bench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final List<String> html;
    private final PageClassifier classifier = PageClassifier.load(ClassifierSettings.defaults());
    private final ConductDetector conducts = new ConductDetector();
    private final List<PageScore> scores = new ArrayList<>();

    public Bench(Path dir, int count) throws Exception {
      html = ClassifierBench.buildPages(ClassifierBench.readHtml(dir), count);
    }

    /** Microseconds of CPU per page: classify, normalise, conduct detector. */
    public double[] round() {
      long sink = 0;
      scores.clear();
      long t0 = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < html.size(); i++) {
        PageScore score =
            classifier.classify(new PageInput(url(i), html.get(i), "text/html", Map.of()));
        scores.add(score);
      }
      long t1 = CPU.getCurrentThreadCpuTime();
      List<PageText> prepared = new ArrayList<>();
      for (String page : html) {
        Document doc = Jsoup.parse(page);
        String text = doc.title() + "\n" + (doc.body() == null ? "" : doc.body().text());
        prepared.add(new PageText(text, Optional.of(doc), Map.of()));
      }
      long t2 = CPU.getCurrentThreadCpuTime();
      for (PageText page : prepared) {
        sink += NormalizedText.of(page.text()).text().length();
      }
      long t3 = CPU.getCurrentThreadCpuTime();
      for (int i = 0; i < prepared.size(); i++) {
        PageScore score = scores.get(i);
        sink +=
            conducts.detect(prepared.get(i), url(i), score.signals(), score.identifiers()).size();
      }
      long t4 = CPU.getCurrentThreadCpuTime();
      double n = html.size() * 1000.0;
      return new double[] {(t1 - t0) / n, (t3 - t2) / n, (t4 - t3) / n, sink & 0};
    }

    private static String url(int i) {
      return "https://bench.test/" + i;
    }
  }
}
