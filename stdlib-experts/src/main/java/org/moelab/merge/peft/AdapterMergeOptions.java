package org.moelab.merge.peft;

/**
 * The options of one {@code add_weighted_adapter} call, named as PEFT names them.
 *
 * @param type the combination type (PEFT's default is {@code svd})
 * @param svdRank the rank of {@code *_svd} results; 0 uses the largest input rank (PEFT's default)
 * @param svdClamp a quantile in [0, 1] to clamp the SVD factors to, or NaN for none (PEFT's default)
 * @param density the kept fraction for pruning types (required by them), NaN when not given
 * @param majoritySign the sign election of the ties types
 * @param seed the seed of DARE's random masks (a mask depends on seed, tensor name and adapter position)
 * @param svdScaling how the {@code *_svd} types apply each adapter's α/r
 */
public record AdapterMergeOptions(CombinationType type, int svdRank, double svdClamp, double density,
    MajoritySign majoritySign, long seed, SvdScaling svdScaling) {

  /** PEFT's defaults with {@code type}. */
  public static AdapterMergeOptions of(CombinationType type) {
    return new AdapterMergeOptions(type, 0, Double.NaN, Double.NaN, MajoritySign.TOTAL, 0L, SvdScaling.PEFT);
  }

  /** A copy with another type. */
  public AdapterMergeOptions withType(CombinationType value) {
    return new AdapterMergeOptions(value, svdRank, svdClamp, density, majoritySign, seed, svdScaling);
  }
}
