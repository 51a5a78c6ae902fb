package org.moelab.merge;

/** How a task vector is thinned before it is combined (mergekit's {@code SparsificationMethod}). */
public enum Sparsification {
  /** Keep everything. */
  NONE,
  /** Keep the {@code int(density·n)} largest magnitudes (TIES). */
  MAGNITUDE,
  /** Keep each element with probability {@code density} (DARE). */
  RANDOM,
  /** Drop the top {@code gamma·n} magnitudes, then the smallest, keeping {@code density} (breadcrumbs). */
  MAGNITUDE_OUTLIERS,
  /** Keep with a probability that grows with the magnitude's rank in its row (DELLA's MAGPRUNE). */
  DELLA_MAGPRUNE
}
