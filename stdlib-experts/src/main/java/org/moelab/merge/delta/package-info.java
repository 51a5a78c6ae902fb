/**
 * Edits by task vectors on in-memory models: CaPE (expert minus anti-expert), model patches (a
 * delta moved to another base), layer swapping, ComPEFT and Delta-CoMe-style mixed-precision
 * compression, and conflict-aware merging into experts (Mediator-style). CaPE, model patches,
 * ComPEFT and Delta-CoMe also run on checkpoints ({@link org.moelab.merge.delta.EditMethod}), the
 * same code applied a row block (ComPEFT: with statistics passes) or a 2-D tensor at a time.
 */
package org.moelab.merge.delta;
