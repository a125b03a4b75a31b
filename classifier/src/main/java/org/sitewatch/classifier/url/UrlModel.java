package org.sitewatch.classifier.url;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sitewatch.common.digest.Sha256;

/**
 * The learned URL model: a logistic regression over {@link UrlFeatures} hashed into {@code 2^bits}
 * buckets, read from a text file ({@code models/url-model.txt} built in, format in {@link
 * #render}). Weights are held in a dense array, so scoring an address is one hash and one array
 * read per feature. Immutable and thread-safe once loaded.
 */
final class UrlModel {
  static final String BUILT_IN = "models/url-model.txt";
  static final String FORMAT = "sitewatch-url-model 1";

  /** A model file larger than this is refused: the weights are pruned to stay reviewable. */
  static final long MAX_BYTES = 8L * 1024 * 1024;

  static final int MIN_BITS = 10;
  static final int MAX_BITS = 22;

  /** No single weight may exceed this in magnitude: a larger one is a broken file. */
  static final double MAX_WEIGHT = 50;

  /** The largest weights written with an example feature name; the rest are bucket and weight. */
  static final int NAMED = 10_000;

  /** Features named in the {@code url.model} signal. */
  static final int EXPLAINED = 4;

  private final int bits;
  private final double bias;
  private final float[] weights;
  private final int nonZero;
  private final String version;

  UrlModel(int bits, double bias, float[] weights, String version) {
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new IllegalArgumentException("bits must be in [" + MIN_BITS + ", " + MAX_BITS + "]");
    }
    if (weights.length != 1 << bits) {
      throw new IllegalArgumentException("weights must have 2^bits entries");
    }
    this.bits = bits;
    this.bias = bias;
    this.weights = weights.clone();
    int n = 0;
    for (float w : weights) {
      if (w != 0) {
        n++;
      }
    }
    this.nonZero = n;
    this.version = version;
  }

  int bits() {
    return bits;
  }

  double bias() {
    return bias;
  }

  float weight(int bucket) {
    return weights[bucket];
  }

  int nonZero() {
    return nonZero;
  }

  /** {@code url-model-} and 12 hex digits of the file's SHA-256. */
  String version() {
    return version;
  }

  /** One feature's part of a score. */
  record Contribution(String feature, double weight) {}

  /**
   * The model's logit for an address and the features that moved it most.
   *
   * @param logit bias plus the rule sum (an offset) plus every feature's weight times its value
   * @param rulePart the part of {@code logit} that came from the rules: their sum plus the weights
   *     of the rule features ({@code r:}, {@code rules})
   * @param top the address features (rules excluded) with the largest contributions, largest
   *     magnitude first, at most {@link #EXPLAINED}
   */
  record Result(double logit, double rulePart, List<Contribution> top) {}

  Result score(UrlTokens tokens, List<String> ruleIds, double ruleSum) {
    Scorer s = new Scorer();
    UrlFeatures.extract(tokens, ruleIds, ruleSum, s);
    List<Contribution> top = new ArrayList<>(EXPLAINED);
    for (int k = 0; k < s.size; k++) {
      top.add(new Contribution(s.names[k], s.contributions[k]));
    }
    // The rule sum is an offset: the weights learn what to add to the hand-written rules, so a
    // rule word the training lists lack keeps its full weight.
    return new Result(bias + ruleSum + s.sum, ruleSum + s.rulePart, top);
  }

  /** {@code score(tokens, ruleIds, ruleSum).logit()}, without naming or ranking features. */
  double logit(UrlTokens tokens, List<String> ruleIds, double ruleSum) {
    Sum s = new Sum();
    UrlFeatures.extract(tokens, ruleIds, ruleSum, s);
    return bias + ruleSum + s.sum;
  }

  /** Adds contributions exactly as {@link Scorer} does, and nothing else. */
  private final class Sum implements UrlFeatures.Sink {
    double sum;

    @Override
    public void add(String kind, String text, int start, int end, double value) {
      float w = weights[UrlFeatures.bucket(kind, text, start, end, bits)];
      if (w == 0) {
        return;
      }
      double c = w * value;
      sum += c;
    }
  }

  /** Sums contributions and keeps the {@link #EXPLAINED} largest ones, naming only those. */
  private final class Scorer implements UrlFeatures.Sink {
    double sum;
    double rulePart;
    final String[] names = new String[EXPLAINED];
    final double[] contributions = new double[EXPLAINED];
    int size;

    @Override
    public void add(String kind, String text, int start, int end, double value) {
      float w = weights[UrlFeatures.bucket(kind, text, start, end, bits)];
      if (w == 0) {
        return;
      }
      double c = w * value;
      sum += c;
      if (kind.startsWith("r")) {
        rulePart += c;
        return;
      }
      double mag = Math.abs(c);
      if (size == EXPLAINED && mag <= Math.abs(contributions[size - 1])) {
        return;
      }
      int at = size == EXPLAINED ? size - 1 : size++;
      while (at > 0 && Math.abs(contributions[at - 1]) < mag) {
        contributions[at] = contributions[at - 1];
        names[at] = names[at - 1];
        at--;
      }
      contributions[at] = c;
      names[at] = UrlFeatures.name(kind, text, start, end);
    }
  }

  private static volatile UrlModel builtIn;

  /**
   * The built-in model from the class path, read once per process: it is immutable, and every
   * crawler worker's link scorer and every classifier rebuild would otherwise parse 4 MB again.
   */
  static UrlModel builtIn() {
    UrlModel model = builtIn;
    if (model == null) {
      synchronized (UrlModel.class) {
        model = builtIn;
        if (model == null) {
          model = readBuiltIn();
          builtIn = model;
        }
      }
    }
    return model;
  }

  private static UrlModel readBuiltIn() {
    try (InputStream in = UrlModel.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("built-in URL model " + BUILT_IN + " is missing");
      }
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      return parse(BUILT_IN, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BUILT_IN, e);
    }
  }

  /**
   * A model file; a missing, oversized or malformed file is an {@link IllegalArgumentException}
   * naming the file (and line).
   */
  static UrlModel read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("URL model " + file + ": not a readable file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(
            "URL model " + file + ": larger than " + MAX_BYTES + " bytes; prune its weights");
      }
      try (InputStream in = Files.newInputStream(file)) {
        return parse(file.toString(), in.readNBytes((int) MAX_BYTES + 1));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("URL model " + file + ": cannot read: " + e, e);
    }
  }

  static UrlModel parse(String name, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "URL model " + name + ": larger than " + MAX_BYTES + " bytes; prune its weights");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    Reader r = new Reader(name);
    int lineNo = 0;
    for (int start = 0; start <= text.length(); ) {
      int next = text.indexOf('\n', start);
      int end = next < 0 ? text.length() : next;
      lineNo++;
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      // nearly every line is a weight: read it in place; anything unusual takes the general path
      if (!r.weightInPlace(text, start, stop, lineNo)) {
        String line = text.substring(start, stop);
        if (!line.isBlank() && !line.startsWith("#")) {
          r.line(line.split("\t", -1), name + ":" + lineNo);
        }
      }
      start = end + 1;
    }
    if (r.format == null || r.bits == null || r.bias == null || r.declared == null) {
      throw bad(name, "needs 'format', 'bits', 'bias' and 'weights' lines");
    }
    if (Math.abs(r.bias) > MAX_WEIGHT) {
      throw bad(name, "bias beyond +-" + MAX_WEIGHT);
    }
    if (r.count != r.declared) {
      throw bad(
          name, "declares " + r.declared + " weights, holds " + r.count + " (truncated file?)");
    }
    return new UrlModel(r.bits, r.bias, r.weights, "url-model-" + Sha256.shortHex(text, 12));
  }

  /** 10^k for the decimals {@link Reader#weightInPlace} reads exactly. */
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };

  /** What the lines read so far declared. */
  private static final class Reader {
    private final String name;
    String format;
    Integer bits;
    Double bias;
    Integer declared;
    float[] weights;
    int count;

    Reader(String name) {
      this.name = name;
    }

    /**
     * Reads a line {@code w<TAB>bucket<TAB>weight[<TAB>example]} whose bucket is plain digits and
     * whose weight is {@code [-]digits[.digits]} with at most 15 digits, without splitting it or
     * parsing text as a double: such a weight is m / 10^k with m and 10^k exact doubles, so the one
     * correctly rounded division gives exactly what {@link Double#parseDouble} gives. Returns
     * false, having read nothing, for any other line.
     */
    boolean weightInPlace(String text, int start, int stop, int lineNo) {
      if (weights == null
          || format == null
          || bias == null
          || declared == null
          || stop - start < 5
          || text.charAt(start) != 'w'
          || text.charAt(start + 1) != '\t') {
        return false;
      }
      int i = start + 2;
      long index = 0;
      int digits = 0;
      for (; i < stop && digits < 10; i++, digits++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        index = index * 10 + (c - '0');
      }
      if (digits == 0 || i >= stop || text.charAt(i) != '\t' || index >= weights.length) {
        return false;
      }
      i++;
      boolean negative = i < stop && text.charAt(i) == '-';
      if (negative) {
        i++;
      }
      long mantissa = 0;
      int total = 0;
      int fraction = -1; // digits after the point, -1 before it
      for (; i < stop; i++) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
          if (++total > 15) {
            return false;
          }
          mantissa = mantissa * 10 + (c - '0');
          if (fraction >= 0) {
            fraction++;
          }
        } else if (c == '.' && fraction < 0) {
          fraction = 0;
        } else if (c == '\t') {
          break;
        } else {
          return false;
        }
      }
      if (total == 0 || fraction == 0) {
        return false;
      }
      double w = mantissa / POWERS_OF_TEN[Math.max(0, fraction)];
      weight(index, negative ? -w : w, null, lineNo);
      return true;
    }

    void line(String[] f, String where) {
      switch (f[0]) {
        case "format" -> {
          format = field(f, 1, where);
          if (!FORMAT.equals(format)) {
            throw bad(where, "format must be '" + FORMAT + "', got '" + format + "'");
          }
        }
        case "bits" -> {
          bits = (int) number(field(f, 1, where), where);
          if (bits < MIN_BITS || bits > MAX_BITS) {
            throw bad(where, "bits must be in [" + MIN_BITS + ", " + MAX_BITS + "]");
          }
          weights = new float[1 << bits];
        }
        case "bias" -> bias = number(field(f, 1, where), where);
        case "weights" -> declared = (int) number(field(f, 1, where), where);
        case "w" -> {
          if (format == null || weights == null || bias == null || declared == null) {
            throw bad(where, "a weight before the 'format', 'bits', 'bias' and 'weights' lines");
          }
          double index = number(field(f, 1, where), where);
          if (index != Math.rint(index) || index < 0 || index >= weights.length) {
            throw bad(where, "bucket must be an integer in [0, 2^" + bits + ")");
          }
          weight((long) index, number(field(f, 2, where), where), where, 0);
        }
        default -> throw bad(where, "unknown line kind '" + f[0] + "'");
      }
    }

    /**
     * @param where the line's name for errors, or {@code null}: then made from {@code lineNo} if
     *     needed (most lines need none)
     */
    private void weight(long index, double w, String where, int lineNo) {
      if (Math.abs(w) > MAX_WEIGHT) {
        throw bad(where != null ? where : name + ":" + lineNo, "weight beyond +-" + MAX_WEIGHT);
      }
      if (weights[(int) index] != 0) {
        throw bad(where != null ? where : name + ":" + lineNo, "bucket " + index + " given twice");
      }
      weights[(int) index] = (float) w;
      count++;
    }
  }

  private static String field(String[] f, int k, String where) {
    if (f.length <= k) {
      throw bad(where, "expected at least " + (k + 1) + " TAB-separated fields");
    }
    return f[k].strip();
  }

  private static double number(String s, String where) {
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw bad(where, "'" + s + "' is not a finite number");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(where, "'" + s + "' is not a number");
    }
  }

  private static IllegalArgumentException bad(String where, String message) {
    return new IllegalArgumentException("URL model " + where + ": " + message);
  }

  /**
   * The model file: {@code #} comment lines (the training figures), then {@code format}, {@code
   * bits}, {@code bias}, {@code weights N}, then one {@code w<TAB>bucket<TAB>weight[<TAB>example]}
   * line per kept weight, largest magnitude first; the {@link #NAMED} largest name a feature that
   * fell into the bucket during training (collisions are possible: the example is for the reader,
   * not the loader).
   *
   * @param comments lines written after {@code "# "}
   * @param examples a feature name per bucket, or null
   */
  static String render(
      List<String> comments, int bits, double bias, float[] weights, String[] examples) {
    Integer[] order = new Integer[weights.length];
    int n = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] != 0) {
        order[n++] = i;
      }
    }
    Integer[] kept = Arrays.copyOf(order, n);
    Arrays.sort(
        kept,
        (a, b) -> {
          int c = Float.compare(Math.abs(weights[b]), Math.abs(weights[a]));
          return c != 0 ? c : Integer.compare(a, b);
        });
    StringBuilder out = new StringBuilder(n * 28 + 4096);
    for (String c : comments) {
      out.append("# ").append(c).append('\n');
    }
    out.append("format\t").append(FORMAT).append('\n');
    out.append("bits\t").append(bits).append('\n');
    out.append("bias\t").append(String.format(Locale.ROOT, "%.5f", bias)).append('\n');
    out.append("weights\t").append(n).append('\n');
    int rank = 0;
    for (int i : kept) {
      out.append("w\t").append(i).append('\t');
      out.append(String.format(Locale.ROOT, "%.4f", weights[i]));
      String example = examples == null || rank++ >= NAMED ? null : examples[i];
      if (example != null) {
        out.append('\t').append(clean(example));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(cp -> b.appendCodePoint(cp < 0x20 || cp == 0x7f || cp == '\t' ? '?' : cp));
    return b.toString();
  }
}
