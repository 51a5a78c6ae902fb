/**
 * PEFT LoRA adapters: reading and writing adapter directories, and PEFT's {@code
 * add_weighted_adapter} combination types with PEFT's semantics.
 */
package org.moelab.merge.peft;
