/**
 * Edits by task vectors on in-memory models: CaPE (expert minus anti-expert), model patches (a
 * delta moved to another base), layer swapping, ComPEFT and Delta-CoMe-style mixed-precision
 * compression, and conflict-aware merging into experts (Mediator-style).
 */
package org.moelab.merge.delta;
