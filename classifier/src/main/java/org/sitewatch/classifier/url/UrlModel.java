package org.sitewatch.classifier.url;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sitewatch.common.digest.Sha256;

/**
 * The learned URL model: a logistic regression over {@link UrlFeatures} hashed into {@code 2^bits}
 * buckets, read from a text file ({@code models/url-model.txt} built in, format in {@link
 * #render}). Weights are held in a dense array, so scoring an address is one hash and one array
 * read per feature. Immutable and thread-safe once loaded.
 */
final class UrlModel {
  static final String BUILT_IN = "models/url-model.txt";
  static final String FORMAT = "sitewatch-url-model 3";

  /**
   * A model file larger than this is refused: the weights are pruned to stay under it. 12 MiB: the
   * weights of |w| 0.1-0.23 that an 8 MiB file had to drop are worth 0.005 of recall (see
   * docs/detection.md, "Addresses, round 24"); the heap holds 2^bits floats whatever the file size.
   */
  static final long MAX_BYTES = 12L * 1024 * 1024;

  /** Most segmenter words a model file may list (the shipped one has about 4,000). */
  static final int MAX_WORDS = 100_000;

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
  private final int mask;
  private final UrlWords words;

  /** Takes {@code weights} as they are (no copy: the reader hands over the array it filled). */
  UrlModel(int bits, double bias, float[] weights, UrlWords words, String version) {
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new IllegalArgumentException("bits must be in [" + MIN_BITS + ", " + MAX_BITS + "]");
    }
    if (weights.length != 1 << bits) {
      throw new IllegalArgumentException("weights must have 2^bits entries");
    }
    this.bits = bits;
    this.mask = (1 << bits) - 1;
    this.words = words;
    this.bias = bias;
    this.weights = weights;
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

  /** The word list of the model's segmenter (empty for a model without one). */
  UrlWords words() {
    return words;
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
    UrlFeatures.extract(tokens, ruleIds, ruleSum, words, s);
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
    UrlFeatures.extract(tokens, ruleIds, ruleSum, words, s);
    return bias + ruleSum + s.sum;
  }

  /** Adds contributions exactly as {@link Scorer} does, and nothing else. */
  private final class Sum implements UrlFeatures.Sink {
    double sum;

    @Override
    public void add(String kind, String text, int start, int end, double value) {
      float w = weights[UrlFeatures.hash(kind, text, start, end) & mask];
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
      float w = weights[UrlFeatures.hash(kind, text, start, end) & mask];
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

  /**
   * Reads a model file held in {@code bytes}. The half-million {@code w} lines of a real model are
   * read in place, numbers straight from the bytes, when they are in the form {@link #render}
   * writes and pass every check; any other line, and any line that fails a check, goes through
   * {@link Parser#line}, which splits it into strings and gives the error. So the fast path never
   * decides anything the general one would decide otherwise: it only accepts.
   */
  static UrlModel parse(String name, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "URL model " + name + ": larger than " + MAX_BYTES + " bytes; prune its weights");
    }
    Parser p = new Parser(name);
    int n = bytes.length;
    int lineNo = 0;
    // whether the file's text in UTF-8 is these very bytes (no malformed sequence)
    boolean lossless = true;
    // lines as String.split("\n", -1) cuts them: a '\n' byte is never part of a UTF-8 sequence
    for (int start = 0; start <= n; ) {
      int end = start;
      boolean ascii = true;
      for (byte b; end < n && (b = bytes[end]) != '\n'; end++) {
        ascii &= b >= 0;
      }
      lineNo++;
      if (!ascii && lossless) {
        byte[] line = Arrays.copyOfRange(bytes, start, end);
        lossless =
            Arrays.equals(
                line, new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
      }
      int last = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      if (!p.weightInPlace(bytes, start, last)) {
        p.line(new String(bytes, start, last - start, StandardCharsets.UTF_8), lineNo);
      }
      start = end + 1;
    }
    // the version names the file's text: the digest of its UTF-8, which are the bytes unless a
    // malformed sequence was replaced in decoding
    String digest =
        lossless ? Sha256.hex(bytes) : Sha256.hex(new String(bytes, StandardCharsets.UTF_8));
    return p.finish("url-model-" + digest.substring(0, 12));
  }

  /** Exact powers of ten as doubles (10^22 is the largest one a double holds exactly). */
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** The state of one file's reading: what the lines so far declared and held. */
  private static final class Parser {
    private final String name;
    private String format;
    private Integer bits;
    private Double bias;
    private Integer declared;
    private float[] weights;
    private int count;
    private Integer declaredWords;
    private final Map<String, Integer> vocabulary = new LinkedHashMap<>();

    Parser(String name) {
      this.name = name;
    }

    /**
     * Takes {@code w<TAB>bucket<TAB>weight[<TAB>...]} from {@code bytes[start, end)} when the
     * bucket is plain digits and the weight {@code [-]digits[.digits]} with at most 15 digits, and
     * every check of {@link #line} passes; false (nothing changed) otherwise. With at most 15
     * digits the digits are an exact long below 2^53 and the power of ten an exact double, so one
     * division rounds exactly as {@link Double#parseDouble} does.
     */
    boolean weightInPlace(byte[] bytes, int start, int end) {
      if (end - start < 2 || bytes[start] != 'w' || bytes[start + 1] != '\t') {
        return false;
      }
      if (format == null || weights == null || bias == null || declared == null) {
        return false;
      }
      int p = start + 2;
      int index = 0;
      int digits = 0;
      for (; p < end && bytes[p] >= '0' && bytes[p] <= '9'; p++) {
        if (++digits > 9) {
          return false;
        }
        index = index * 10 + (bytes[p] - '0');
      }
      if (digits == 0 || p >= end || bytes[p] != '\t' || index >= weights.length) {
        return false;
      }
      p++;
      boolean negative = p < end && bytes[p] == '-';
      if (negative) {
        p++;
      }
      long mantissa = 0;
      digits = 0;
      int fraction = 0;
      boolean point = false;
      for (; p < end; p++) {
        byte b = bytes[p];
        if (b >= '0' && b <= '9') {
          if (++digits > 15) {
            return false;
          }
          mantissa = mantissa * 10 + (b - '0');
          if (point) {
            fraction++;
          }
        } else if (b == '.' && !point && digits > 0) {
          point = true;
        } else {
          break;
        }
      }
      if (digits == 0 || (point && fraction == 0) || (p < end && bytes[p] != '\t')) {
        return false;
      }
      double w = fraction == 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction];
      if (negative) {
        w = -w;
      }
      if (Math.abs(w) > MAX_WEIGHT || weights[index] != 0) {
        return false;
      }
      weights[index] = (float) w;
      count++;
      return true;
    }

    /** One line of the file, {@code \r} and {@code \n} removed; {@code lineNo} counts from 1. */
    void line(String line, int lineNo) {
      String where = name + ":" + lineNo;
      if (line.isBlank() || line.startsWith("#")) {
        return;
      }
      String[] f = line.split("\t", -1);
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
          double w = number(field(f, 2, where), where);
          if (Math.abs(w) > MAX_WEIGHT) {
            throw bad(where, "weight beyond +-" + MAX_WEIGHT);
          }
          if (weights[(int) index] != 0) {
            throw bad(where, "bucket " + (long) index + " given twice");
          }
          weights[(int) index] = (float) w;
          count++;
        }
        case "vocabulary" -> {
          if (declaredWords != null) {
            throw bad(where, "a second 'vocabulary' line");
          }
          double n = number(field(f, 1, where), where);
          if (n != Math.rint(n) || n < 0 || n > MAX_WORDS) {
            throw bad(where, "vocabulary must be a whole number in [0, " + MAX_WORDS + "]");
          }
          declaredWords = (int) n;
        }
        case "v" -> {
          if (declaredWords == null) {
            throw bad(where, "a word before the 'vocabulary' line");
          }
          if (vocabulary.size() >= declaredWords) {
            throw bad(where, "more words than the 'vocabulary' line declares");
          }
          String word = field(f, 1, where);
          double c = number(field(f, 2, where), where);
          if (!UrlWords.valid(word) || c != Math.rint(c) || c < 1 || c > Integer.MAX_VALUE) {
            throw bad(where, "a word must be 3-20 letters a-z with a positive whole count");
          }
          if (vocabulary.put(word, (int) c) != null) {
            throw bad(where, "word '" + word + "' given twice");
          }
        }
        default -> throw bad(where, "unknown line kind '" + f[0] + "'");
      }
    }

    /** The model, once every line was read. */
    UrlModel finish(String version) {
      if (format == null || bits == null || bias == null || declared == null) {
        throw bad(name, "needs 'format', 'bits', 'bias' and 'weights' lines");
      }
      if (Math.abs(bias) > MAX_WEIGHT) {
        throw bad(name, "bias beyond +-" + MAX_WEIGHT);
      }
      if (count != declared) {
        throw bad(name, "declares " + declared + " weights, holds " + count + " (truncated file?)");
      }
      if (declaredWords != null && vocabulary.size() != declaredWords) {
        throw bad(
            name,
            "declares "
                + declaredWords
                + " words, holds "
                + vocabulary.size()
                + " (truncated file?)");
      }
      return new UrlModel(bits, bias, weights, UrlWords.of(vocabulary, Integer.MAX_VALUE), version);
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
    return render(comments, bits, bias, weights, UrlWords.NONE, examples);
  }

  static String render(
      List<String> comments,
      int bits,
      double bias,
      float[] weights,
      UrlWords words,
      String[] examples) {
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
    if (words.size() > 0) {
      out.append("vocabulary\t").append(words.size()).append('\n');
      List<String> list = words.words();
      for (int k = 0; k < list.size(); k++) {
        out.append("v\t").append(list.get(k)).append('\t').append(words.count(k)).append('\n');
      }
    }
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
