/**
 * The standard library of experts: linear layers, SwiGLU experts, routers, MoE layers with sparse
 * dispatch, and auxiliary losses, each reproducing its reference math (see docs/stdlib.md).
 */
package org.moelab.stdlib;
