package org.moelab.merge.stream;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.moelab.io.TensorInfo;
import org.moelab.io.TensorSource;
import org.moelab.merge.DeltaMerge;
import org.moelab.merge.ModelParams;
import org.moelab.merge.RescaleMode;
import org.moelab.merge.Sparsification;
import org.moelab.merge.plan.PlannedTensor;
import org.moelab.merge.plan.TensorRef;
import org.moelab.tensor.DType;
import org.moelab.tensor.ElementCodec;

/**
 * TIES (magnitude top-k) and task arithmetic in one pass over the inputs instead of three. Keeping
 * the k largest magnitudes of a task vector needs the k-th largest first, which takes whole passes
 * to find; here it is guessed instead. A sample of each task vector brackets the threshold ({@link
 * MagnitudeBracket}); the single pass keeps what lies above the bracket, drops what lies below,
 * merges and encodes every element as if the undecided ones in between were dropped, and lists
 * those (a few percent). Once all are seen, {@link TopKResolution} settles them exactly, and the
 * outputs at positions where an undecided element is in fact kept are computed again. The result
 * is byte for byte that of {@link DeltaMerge} over whole tensors (tested); when the guess misses,
 * or an input is not finite, {@link #mergeInto} says so and the caller takes the exact multi-pass
 * route.
 *
 * <p>When the threshold is, near certainly, one magnitude shared by many elements (quantised task
 * vectors), the bracket is that magnitude alone and only its ties in a window of chunks around the
 * guessed cut are listed ({@link TieWindow}): ties before the window are kept, after it dropped.
 * The ties are counted only in the window's chunks and in a margin on each side (counting costs a
 * subtraction, a comparison and a sum per element and model): the window's width, at least {@link
 * #TIE_COUNT_MARGIN} chunks. The window reaches about one standard error of the guessed cut to
 * each side, so the margins reach at least three. Once all are seen, a window that missed the cut
 * by less than its margin is widened and the chunks it takes in are merged again; a cut beyond the
 * margins, or a guess that the tie is the threshold which turns out wrong, costs a second try with
 * a plain bracket.
 *
 * <p>Chunks are merged in parallel, each read with positional reads into its worker's buffers
 * ({@link InputRun}) and decoded a tile at a time; the sample's runs are read the same way. Besides
 * those buffers (a chunk of each input per worker), the output (at most half the block budget) is
 * held until it is settled.
 */
final class SinglePassMerge {
  /** Elements per unit of parallel work and of bookkeeping. */
  static final int CHUNK = 1 << 16;
  /** Elements decoded and merged at a time. */
  static final int TILE = 1024;
  /** The sample: this many evenly spaced runs of {@link #SAMPLE_LENGTH} elements. */
  static final int SAMPLE_SEGMENTS = 256;
  static final int SAMPLE_LENGTH = 2048;
  /** A bracket holding more of the sample than this is not worth the speculation. */
  private static final double MAX_UNDECIDED = 0.2;
  /** A chunk whose undecided elements outgrow this gives up (the sample was unrepresentative). */
  private static final int MAX_CHUNK_UNDECIDED = CHUNK / 2;
  /**
   * The fewest chunks on each side of a tie window whose ties are counted (the margin is the
   * window's width where that is more): as far as the window can be widened; a cut beyond them
   * costs a second try with a plain bracket.
   */
  static final int TIE_COUNT_MARGIN = 8;

  private final PlannedTensor t;
  /** The inputs: the base in slot 0, model m in slot m + 1. */
  private final InputTensor[] slots;
  /** Per worker, a buffer per input slot to read a chunk into. */
  private final ByteBuffer[][] reads;
  private final Workers workers;
  private final DeltaMerge merge;
  private final int n;
  private final int models;
  private final long[] keep;
  private final float[] scale;
  private final MagnitudeBracket[] brackets;
  private final long[][] above;
  /** Per model, the chunks [listFirst, listEnd) whose undecided elements are listed; before them ties are kept, after them dropped. */
  private final int[] listFirst;
  private final int[] listEnd;
  /** Per model with a tie window, the chunks [countFirst, countEnd) whose ties are counted: the window and margins. */
  private final int[] countFirst;
  private final int[] countEnd;
  /** Per model with a tie window and chunk in its count range, how many elements equal the tie magnitude. */
  private final long[][] ties;
  private final UndecidedList[][] undecided;
  private final boolean[] failed;
  /** Chunks merged a second time because a tie window was widened (for tests and reports). */
  private int mergedAgain;
  /** Whether a guessed tie turned out not to be the threshold (worth a second try with plain brackets). */
  private boolean tieMissed;

  private SinglePassMerge(PlannedTensor t, List<TensorSource> sources, Workers workers, StreamResources resources) {
    this.t = t;
    this.workers = workers;
    this.n = Math.toIntExact(t.shape().size());
    this.models = t.models().size();
    this.slots = new InputTensor[models + 1];
    for (int slot = 0; slot <= models; slot++) {
      slots[slot] = input(sources, slot == 0 ? t.base() : t.models().get(slot - 1), resources.channels());
    }
    this.merge = DeltaMerge.of(t.method(), t.name(), t.shape().dims(), t.params(), t.options());
    this.keep = new long[models];
    this.scale = new float[models];
    for (int m = 0; m < models; m++) {
      keep[m] = kept(t, t.params().get(m), n);
      scale[m] = rescale(t, t.params().get(m));
    }
    this.reads = resources.reads().take(workers.threads(), models + 1, CHUNK * widestInput());
    int chunks = (n + CHUNK - 1) / CHUNK;
    this.brackets = new MagnitudeBracket[models];
    this.above = new long[models][chunks];
    this.listFirst = new int[models];
    this.listEnd = new int[models];
    this.countFirst = new int[models];
    this.countEnd = new int[models];
    this.ties = new long[models][chunks];
    this.undecided = resources.undecided().take(models, chunks);
    this.failed = new boolean[chunks];
  }

  /**
   * Whether {@code t} can be merged this way within {@code blockBytes}: a task-arithmetic method
   * that keeps all of each task vector or its top k without an L1 rescale, inputs that can be read
   * at byte offsets, at least a few chunks, and an output within half the budget.
   */
  static boolean applies(PlannedTensor t, List<TensorSource> sources, long blockBytes) {
    if (!t.method().isTaskArithmetic() || t.base() == null) {
      return false;
    }
    Sparsification s = t.method().sparsification();
    boolean magnitude = s == Sparsification.MAGNITUDE;
    if (s != Sparsification.NONE && !magnitude) {
      return false;
    }
    if (magnitude && t.options().rescale() && t.options().rescaleMode() == RescaleMode.L1) {
      return false;
    }
    long size = t.shape().size();
    if (size < 4L * CHUNK || t.outBytes() > blockBytes / 2 || size > Integer.MAX_VALUE) {
      return false;
    }
    List<TensorRef> inputs = new ArrayList<>(t.models());
    inputs.add(t.base());
    for (TensorRef r : inputs) {
      TensorSource source = sources.get(r.source());
      if (!TensorReader.positional(source, r.name())) {
        return false;
      }
    }
    for (ModelParams p : t.params()) {
      long k = kept(t, p, size);
      if (k == 0 || k == size && p.density() < 1 && magnitude) {
        return false;
      }
    }
    return true;
  }

  /** The merge of {@code t}, which {@link #applies}. */
  static SinglePassMerge of(PlannedTensor t, List<TensorSource> sources, Workers workers, StreamResources resources) {
    return new SinglePassMerge(t, sources, workers, resources);
  }

  /** How many elements of {@code size} model {@code p} keeps: all (−1), or the top k. */
  private static long kept(PlannedTensor t, ModelParams p, long size) {
    if (t.method().sparsification() == Sparsification.NONE || p.density() >= 1) {
      return -1;
    }
    return (long) (p.density() * size);
  }

  private static float rescale(PlannedTensor t, ModelParams p) {
    boolean byDensity = t.method().sparsification() == Sparsification.MAGNITUDE && p.density() < 1
        && t.options().rescale() && t.options().rescaleMode() == RescaleMode.DENSITY;
    return byDensity ? (float) (1.0 / p.density()) : 1f;
  }

  /**
   * Merges into {@code out} (elements of the output dtype from position 0, little-endian); false
   * when the speculation failed, with {@code out} left partly written.
   */
  boolean mergeInto(ByteBuffer out) {
    return attempt(out, true) || tieMissed && attempt(out, false);
  }

  /** How many models' undecided elements were listed in a tie window only (after {@link #mergeInto}). */
  int tieWindows() {
    int windows = 0;
    for (int m = 0; m < models; m++) {
      windows += windowed(m) ? 1 : 0;
    }
    return windows;
  }

  /** How many chunks were merged again after widening a tie window (after {@link #mergeInto}). */
  int mergedAgain() {
    return mergedAgain;
  }

  /** Whether a tie guess failed and the tensor was merged again with plain brackets. */
  boolean retried() {
    return tieMissed;
  }

  private boolean windowed(int m) {
    return brackets[m] != null && brackets[m].windowed(n);
  }

  /**
   * One try: sample (with tie windows where {@code windows}), one pass, widen the tie windows to
   * where the kept ties really end and merge the chunks that brings in again, settle and patch.
   */
  private boolean attempt(ByteBuffer out, boolean windows) {
    return sample(windows) && passes(out);
  }

  /** The pass, the chunks brought in by widened tie windows, settling and patching; false on a miss. */
  private boolean passes(ByteBuffer out) {
    int chunks = failed.length;
    pass(0, chunks, out);
    if (anyFailed()) {
      return false;
    }
    boolean[] again = widenTieWindows();
    if (again == null) {
      tieMissed = true;
      return false;
    }
    for (int c = 0; c < chunks; c++) {
      int end = c;
      while (end < chunks && again[end]) {
        end++;
      }
      if (end > c) {
        pass(c, end, out);
        mergedAgain += end - c;
      }
      c = end;
    }
    if (anyFailed()) {
      return false;
    }
    BitSet[] kept = new BitSet[models];
    boolean[] missed = new boolean[models];
    workers.forEach(models, m -> {
      if (keep[m] >= 0) {
        kept[m] = TopKResolution.resolve(keep[m], sum(above[m]), List.of(undecided[m]), m);
        missed[m] = kept[m] == null;
      }
    });
    for (boolean miss : missed) {
      if (miss) {
        return false;
      }
    }
    patch(kept, out);
    return true;
  }

  /** Whether a chunk saw a value that is not finite or too many undecided elements. */
  private boolean anyFailed() {
    for (boolean f : failed) {
      if (f) {
        return true;
      }
    }
    return false;
  }

  /** Where the data of input {@code r} of {@code sources} lies. */
  private static InputTensor input(List<TensorSource> sources, TensorRef r, FileChannels channels) {
    TensorSource source = sources.get(r.source());
    TensorInfo info = source.info(r.name());
    Path file = TensorReader.fileOf(source, r.name());
    return new InputTensor(file, channels.of(file), info.byteOffset(), info.dtype());
  }

  /** The bytes per element of the widest input. */
  private int widestInput() {
    int bytes = 0;
    for (InputTensor in : slots) {
      bytes = Math.max(bytes, in.dtype().byteSize());
    }
    return bytes;
  }

  // ---- the sample ----

  /**
   * Brackets every top-k model's threshold from evenly spaced runs of the task vectors; false when
   * a bracket would hold too much of its sample.
   */
  private boolean sample(boolean windows) {
    if (Arrays.stream(keep).allMatch(k -> k < 0)) {
      return true;
    }
    int size = SAMPLE_SEGMENTS * SAMPLE_LENGTH;
    int[][] bits = new int[models][size];
    workers.forClaimed(0, SAMPLE_SEGMENTS, w -> new TileScratch(models),
        (w, g, s) -> sampleRun(g, s, reads[w], bits));
    workers.forEach(models, m -> brackets[m] =
        keep[m] < 0 ? null : MagnitudeBracket.of(bits[m], size, SAMPLE_SEGMENTS, n, keep[m], windows));
    int chunks = failed.length;
    for (int m = 0; m < models; m++) {
      listFirst[m] = brackets[m] == null ? 0 : (int) (brackets[m].listFrom() / CHUNK);
      listEnd[m] = brackets[m] == null ? chunks : (int) ((brackets[m].listTo() + CHUNK - 1) / CHUNK);
      int margin = Math.max(TIE_COUNT_MARGIN, listEnd[m] - listFirst[m]);
      countFirst[m] = Math.max(0, listFirst[m] - margin);
      countEnd[m] = Math.min(chunks, listEnd[m] + margin);
    }
    for (MagnitudeBracket b : brackets) {
      if (b != null && b.sampleFraction() > MAX_UNDECIDED) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sample run {@code g}: each top-k model's task-vector magnitude bits into {@code bits[m]} from
   * {@code g·SAMPLE_LENGTH}, decoded a tile at a time as the pass decodes (de-interleaved where
   * bf16 goes a word at a time, which the run's statistics do not mind).
   */
  private void sampleRun(int g, TileScratch s, ByteBuffer[] buffers, int[][] bits) {
    int first = (int) TieWindow.runStart(g, SAMPLE_SEGMENTS, SAMPLE_LENGTH, n);
    read(first, SAMPLE_LENGTH, buffers, s.inputs);
    for (int at = 0; at < SAMPLE_LENGTH; at += TILE) {
      int length = Math.min(TILE, SAMPLE_LENGTH - at);
      int pairs = paired(s.inputs, first + at, length) ? length / 2 : 0;
      decode(s.inputs, first + at, length, pairs, s);
      for (int m = 0; m < models; m++) {
        if (keep[m] >= 0) {
          s.codec.bitsOf(s.deltas[m], length, bits[m], g * SAMPLE_LENGTH + at);
          magnitudes(bits[m], g * SAMPLE_LENGTH + at, length);
        }
      }
    }
  }

  /** Clears the sign bit of {@code bits[from, from + length)}. */
  private static void magnitudes(int[] bits, int from, int length) {
    for (int i = from; i < from + length; i++) {
      bits[i] &= 0x7fffffff;
    }
  }

  /**
   * Elements {@code [first, first + count)} of every input, read into {@code buffers[slot]} and
   * held in {@code runs[slot]} (slot 0 the base, m + 1 model m).
   */
  private void read(int first, int count, ByteBuffer[] buffers, InputRun[] runs) {
    for (int slot = 0; slot <= models; slot++) {
      runs[slot] = slots[slot].read(first, count, buffers[slot]);
    }
  }

  // ---- the main pass ----

  /** Merges chunks {@code [firstChunk, endChunk)} in parallel, each worker reading the chunks it claims. */
  private void pass(int firstChunk, int endChunk, ByteBuffer out) {
    workers.forClaimed(firstChunk, endChunk, w -> new TileScratch(models), (w, c, s) -> {
      int from = c * CHUNK;
      int count = Math.min(n - from, CHUNK);
      read(from, count, reads[w], s.inputs);
      chunk(s.inputs, c, s, out);
    });
  }

  private void chunk(InputRun[] inputs, int c, TileScratch s, ByteBuffer out) {
    int from = c * CHUNK;
    int end = Math.min(n, from + CHUNK);
    s.reset();
    for (int m = 0; m < models; m++) {
      s.thresholds[m] = threshold(m, c);
      s.listing[m] = keep[m] >= 0 && listFirst[m] <= c && c < listEnd[m];
      s.counting[m] = keep[m] >= 0 && windowed(m) && countFirst[m] <= c && c < countEnd[m];
      s.tie[m] = s.counting[m] ? Float.intBitsToFloat(brackets[m].loBits()) : 0f;
      undecided[m][c].size = 0;
    }
    for (int at = from; at < end; at += TILE) {
      tile(inputs, c, at, Math.min(TILE, end - at), s, out);
    }
    boolean failure = !Float.isFinite(sum(s.probe));
    for (int m = 0; m < models; m++) {
      above[m][c] = (long) sum(s.above[m]);
      ties[m][c] = s.counting[m] ? (long) sum(s.ties[m]) : 0;
      failure |= undecided[m][c].size > MAX_CHUNK_UNDECIDED;
    }
    failed[c] = failure;
  }

  /**
   * Merges the tile of {@code length} elements at {@code at} in chunk {@code c}, listing its
   * undecided elements. (A method of its own, called thousands of times per tensor, so that the JIT
   * compiles it fully within the first tensor instead of after several.)
   */
  private void tile(InputRun[] inputs, int c, int at, int length, TileScratch s, ByteBuffer out) {
    int pairs = paired(inputs, at, length) ? length / 2 : 0;
    decode(inputs, at, length, pairs, s);
    for (int m = 0; m < models; m++) {
      if (s.listing[m]) {
        UndecidedList list = undecided[m][c];
        int before = list.size;
        s.codec.bitsOf(s.deltas[m], length, s.bits, 0);
        collect(list, s.bits, length, pairs, at, brackets[m]);
        list.recordColumns(before, at, pairs, s.base, s.deltas);
      }
    }
    merge.combineAbove(s.base, s.deltas, s.thresholds, scale, s.above, s.merged, s.probe, length);
    encode(s, length, pairs, at, out);
  }

  /**
   * Turns model values {@code d} into the task vector, {@code d[j] − base[j]}, and adds 1 to {@code
   * ties[j]} where |d[j]| is {@code tie} and 0 elsewhere: 1 − min(||d| − tie|·2²⁰⁰, 1). One loop over
   * the tile, which the JIT vectorises.
   */
  private static void subtractAndCountTies(float[] d, float[] base, int length, float tie, float[] ties) {
    for (int j = 0; j < length; j++) {
      float x = d[j] - base[j];
      d[j] = x;
      ties[j] += 1f - Math.min(Math.abs(Math.abs(x) - tie) * 0x1p100f * 0x1p100f, 1f);
    }
  }

  /**
   * The magnitude above which model {@code m}'s elements in chunk {@code c} are kept in the pass
   * (−1 when it keeps all): just below the tie in chunks before its list window (ties kept), the
   * bracket's top elsewhere (undecided elements taken as dropped).
   */
  private float threshold(int m, int c) {
    if (keep[m] < 0) {
      return -1f;
    }
    MagnitudeBracket b = brackets[m];
    return c < listFirst[m] ? Math.nextDown(Float.intBitsToFloat(b.loBits())) : Float.intBitsToFloat(b.hiBits());
  }

  /**
   * Once the pass has counted the ties in each window and its margins: widens each tie window until
   * the kept ties are known to end inside it — all ties before it kept, all after it dropped — and
   * returns the chunks that widening brought in, to be merged again. The ties before the margins are
   * kept (they are in the counts above the threshold there), so the number still to keep from the
   * margins on is what the counts above leave of k; null when that is negative or more than the
   * counted ties: the cut lies beyond the margins, or the tie is not the threshold.
   */
  private boolean[] widenTieWindows() {
    int chunks = failed.length;
    boolean[] again = new boolean[chunks];
    for (int m = 0; m < models; m++) {
      if (keep[m] < 0 || !windowed(m)) {
        continue;
      }
      long tiesBefore = 0;
      for (int c = 0; c < listFirst[m]; c++) {
        tiesBefore += ties[m][c];
      }
      int[] widened = TieWindow.widen(ties[m], keep[m] - (sum(above[m]) - tiesBefore), listFirst[m], listEnd[m]);
      if (widened == null) {
        return null;
      }
      int first = widened[0];
      int end = widened[1];
      Arrays.fill(again, first, listFirst[m], true);
      Arrays.fill(again, listEnd[m], end, true);
      listFirst[m] = first;
      listEnd[m] = end;
    }
    return again;
  }

  /** Whether the tile of {@code length} elements at {@code at} can be decoded a pair at a time (see {@link Bf16Pairs}). */
  private static boolean paired(InputRun[] inputs, int at, int length) {
    if ((length & 1) != 0) {
      return false;
    }
    for (InputRun in : inputs) {
      if (!in.pairs(at)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes the tile's base and task vectors into {@code s}, de-interleaved when {@code pairs} is
   * not 0, counting ties where asked. (Values that are not finite are caught by the combine's
   * probe.)
   */
  private void decode(InputRun[] inputs, int at, int length, int pairs, TileScratch s) {
    decode(inputs[0], at, length, pairs, s.base, null, s);
    for (int m = 0; m < models; m++) {
      if (s.counting[m]) {
        decode(inputs[m + 1], at, length, pairs, s.deltas[m], null, s);
        subtractAndCountTies(s.deltas[m], s.base, length, s.tie[m], s.ties[m]);
      } else {
        decode(inputs[m + 1], at, length, pairs, s.deltas[m], s.base, s);
      }
    }
  }

  /** One input's tile into {@code dst}, minus {@code minus} when that is not null. */
  private static void decode(InputRun in, int at, int length, int pairs, float[] dst, float[] minus, TileScratch s) {
    if (pairs > 0) {
      in.decodePairs(at, length, dst, minus, s.codec);
    } else {
      in.decode(at, length, dst, minus, s.shorts);
    }
  }

  /** Encodes the tile's merged values into {@code out} as elements {@code [at, at + length)}. */
  private void encode(TileScratch s, int length, int pairs, int at, ByteBuffer out) {
    if (pairs > 0 && t.outDtype() == DType.BF16 && s.codec.encode(s.merged, pairs, s.words(out), at >> 1)) {
      return;
    }
    float[] values = s.merged;
    if (pairs > 0) {
      interleave(s.merged, pairs, s.natural);
      values = s.natural;
    }
    TensorEncoder.encodeAt(values, length, t.outDtype(), out, at, s.shorts);
  }

  /** The de-interleaved {@code values[0, 2·pairs)} in element order. */
  private static void interleave(float[] values, int pairs, float[] natural) {
    for (int i = 0; i < pairs; i++) {
      natural[2 * i] = values[i];
      natural[2 * i + 1] = values[pairs + i];
    }
  }


  /**
   * Appends, in index order, the elements whose magnitude bits lie in the bracket to {@code list},
   * from the raw bits of a tile at {@code at} (de-interleaved when {@code pairs} is not 0): one
   * unsigned comparison each, (b − lo) &lt; width, whose branch is taken for the few percent inside.
   */
  private static void collect(UndecidedList list, int[] bits, int length, int pairs, int at, MagnitudeBracket bracket) {
    if (list.size > MAX_CHUNK_UNDECIDED) {
      return;
    }
    list.reserve(length);
    int lo = bracket.loBits() + Integer.MIN_VALUE;
    int width = bracket.hiBits() - bracket.loBits() + 1 + Integer.MIN_VALUE;
    if (pairs == 0) {
      list.size = collect(list.index, list.size, bits, length, at, lo, width);
    } else {
      int size = list.size;
      for (int i = 0; i < pairs; i++) {
        size = inside(bits[i], lo, width) ? append(list.index, size, at + 2 * i) : size;
        size = inside(bits[pairs + i], lo, width) ? append(list.index, size, at + 2 * i + 1) : size;
      }
      list.size = size;
    }
  }

  private static int collect(int[] index, int size, int[] bits, int length, int at, int lo, int width) {
    for (int j = 0; j < length; j++) {
      if (inside(bits[j], lo, width)) {
        index[size++] = at + j;
      }
    }
    return size;
  }

  /** Whether magnitude bits of {@code b} minus lo are below width, both offset by 2³¹ for an unsigned comparison. */
  private static boolean inside(int b, int lo, int width) {
    return (b & 0x7fffffff) - lo < width;
  }

  private static int append(int[] index, int size, int value) {
    index[size] = value;
    return size + 1;
  }

  private static float sum(float[] values) {
    float s = 0f;
    for (float v : values) {
      s += v;
    }
    return s;
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  // ---- the patch ----

  /**
   * Recomputes the outputs at positions where an undecided element turned out kept, from the
   * columns recorded with the undecided elements (no input is read again); the workers claim chunks
   * one at a time (a tie window's few chunks hold nearly all of them, so larger pieces would leave
   * one thread doing the whole patch) and walk each chunk's positions in index order, a merge of
   * every model's kept undecided elements.
   */
  private void patch(BitSet[] kept, ByteBuffer out) {
    int chunks = undecided[0].length;
    int[][] firstOrdinals = new int[models][chunks];
    for (int m = 0; m < models; m++) {
      for (int c = 1; c < chunks; c++) {
        firstOrdinals[m][c] = firstOrdinals[m][c - 1] + undecided[m][c - 1].size;
      }
    }
    workers.forClaimed(0, chunks, w -> new TileScratch(models),
        (w, c, s) -> new Patch(kept, firstOrdinals, c).apply(s, out));
  }

  /** The patch of chunk {@code c}. */
  private final class Patch {
    private final KeptEntries[] entries = new KeptEntries[models];
    private final boolean[] keptHere = new boolean[models];
    /** Per model, the magnitude above which the pass kept an element of this chunk. */
    private final float[] thresholds = new float[models];

    /** Model m's undecided elements of chunk {@code c} start at ordinal {@code firstOrdinals[m][c]} of {@code kept[m]}. */
    Patch(BitSet[] kept, int[][] firstOrdinals, int c) {
      for (int m = 0; m < models; m++) {
        entries[m] = new KeptEntries(undecided[m][c], kept[m], firstOrdinals[m][c]);
        thresholds[m] = threshold(m, c);
      }
    }

    void apply(TileScratch s, ByteBuffer out) {
      int[] batch = new int[TILE];
      int count = 0;
      while (true) {
        int p = Integer.MAX_VALUE;
        for (KeptEntries e : entries) {
          p = Math.min(p, e.nextIndex());
        }
        if (p == Integer.MAX_VALUE) {
          break;
        }
        gather(p, count, s);
        batch[count++] = p;
        if (count == TILE) {
          flush(s, batch, count, out);
          count = 0;
        }
      }
      flush(s, batch, count, out);
    }

    /** Loads position {@code p}'s column, sparsified exactly, into slot {@code i} of {@code s}. */
    private void gather(int p, int i, TileScratch s) {
      KeptEntries source = null;
      for (int m = 0; m < models; m++) {
        keptHere[m] = entries[m].nextIndex() == p;
        if (keptHere[m] && source == null) {
          source = entries[m];
        }
      }
      int e = source.entry();
      s.base[i] = source.list.base[e];
      for (int m = 0; m < models; m++) {
        float d = source.list.deltas[m][e];
        boolean keeps = keptHere[m] || Math.abs(d) > thresholds[m];
        s.deltas[m][i] = keeps ? d * scale[m] : 0f;
      }
      for (int m = 0; m < models; m++) {
        if (keptHere[m]) {
          entries[m].advance();
        }
      }
    }

    private void flush(TileScratch s, int[] batch, int count, ByteBuffer out) {
      merge.combine(s.base, s.deltas, s.merged, 0, count);
      for (int i = 0; i < count; i++) {
        ElementCodec.put(t.outDtype(), out, batch[i], s.merged[i]);
      }
    }
  }
}
