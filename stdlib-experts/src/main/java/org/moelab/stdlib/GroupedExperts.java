package org.moelab.stdlib;

import org.moelab.runtime.CallContext;
import org.moelab.runtime.TensorValue;

/**
 * Experts that run as grouped GEMMs over slots sorted by expert: one bank of equal experts
 * ({@link ExpertBank}), or banks of equal-sized experts side by side ({@link SizeGroupedBank}, for
 * heterogeneous expert sizes).
 */
interface GroupedExperts {
  /**
   * The dispatch position of each expert ({@code [E]}), so that experts sharing a bank are
   * contiguous; null when experts dispatch in index order.
   */
  long[] positions();

  /** The experts' outputs for slots sorted by dispatch position, {@code offsets [E + 1]} their slices. */
  TensorValue apply(CallContext ctx, TensorValue xs, TensorValue offsets);
}
