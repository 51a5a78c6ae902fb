/**
 * Small dense linear algebra in double precision for the merges that need it: truncated SVD
 * (PEFT's {@code *_svd} adapter merges) and linear solves (RegMean).
 */
package org.moelab.merge.linalg;
