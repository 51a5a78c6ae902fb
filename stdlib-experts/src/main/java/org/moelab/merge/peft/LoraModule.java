package org.moelab.merge.peft;

/**
 * One module's LoRA factors: ΔW = scaling · B A.
 *
 * @param name the module path in the base model, such as {@code model.layers.0.self_attn.q_proj}
 * @param a lora_A, [rank, in], row-major
 * @param b lora_B, [out, rank], row-major
 * @param rank r
 * @param in the input width
 * @param out the output width
 * @param scaling α/r (α/√r with rsLoRA)
 * @param embedding whether PEFT stores it as {@code lora_embedding_A/B} (an embedding layer)
 */
public record LoraModule(String name, float[] a, float[] b, int rank, int in, int out, double scaling,
    boolean embedding) {
  /** Checks the factor sizes. */
  public LoraModule {
    if (a.length != (long) rank * in || b.length != (long) out * rank) {
      throw new IllegalArgumentException("LoRA module " + name + ": A has " + a.length + " values and B "
          + b.length + ", expected [" + rank + ", " + in + "] and [" + out + ", " + rank + "]");
    }
  }
}
