package org.moelab.merge.plan;

import java.util.List;
import org.moelab.merge.MergeMethod;
import org.moelab.merge.MergeOptions;
import org.moelab.merge.ModelParams;
import org.moelab.tensor.DType;
import org.moelab.tensor.Shape;

/**
 * One output tensor: where its inputs are and how to merge them.
 *
 * @param name the output name
 * @param shape the shape of every input and of the output
 * @param outDtype the dtype written
 * @param method the method; {@link MergeMethod#PASSTHROUGH} for tensors copied as they are
 * @param base the base input, or null
 * @param models the other inputs, in config order
 * @param params one parameter set per model
 * @param options the method options resolved for this tensor
 */
public record PlannedTensor(String name, Shape shape, DType outDtype, MergeMethod method, TensorRef base,
    List<TensorRef> models, List<ModelParams> params, MergeOptions options) {
  /** Copies the lists. */
  public PlannedTensor {
    models = List.copyOf(models);
    params = List.copyOf(params);
  }

  /** Bytes written for this tensor. */
  public long outBytes() {
    return shape.size() * outDtype.byteSize();
  }
}
