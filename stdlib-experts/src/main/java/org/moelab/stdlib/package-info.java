/**
 * The standard library of experts: linear layers and FFN experts; token routers composed from
 * primitives (score, activation, selection-only bias, selection, normalisation, capacity) and the
 * routers that are not (hash, X-LoRA, AdaMoLE); MoE layers with sparse grouped-GEMM dispatch, Soft
 * MoE, multi-head MoE and PEER; LoRA-expert mixtures; MoErging routers; tools that build and edit
 * MoEs (upcycling, pruning, skipping, carving, gate initialisation); auxiliary losses and analysis.
 * Each reproduces its reference math (see docs/stdlib.md).
 */
package org.moelab.stdlib;
