package org.moelab.merge;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The values of one parameter in every input model, as row-major float arrays.
 *
 * @param name the parameter's name (random masks depend on it)
 * @param shape the shape shared by all inputs
 * @param base the base model's values, or null when the method has no base
 * @param models the other models' values, in config order
 */
public record TensorInputs(String name, long[] shape, float[] base, List<float[]> models) {
  /** Checks that every array has {@code product(shape)} elements. */
  public TensorInputs {
    Objects.requireNonNull(name, "name");
    shape = shape.clone();
    models = List.copyOf(models);
    long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    if (base != null && base.length != n) {
      throw new IllegalArgumentException("base of " + name + " has " + base.length + " values, shape needs " + n);
    }
    for (float[] m : models) {
      if (m.length != n) {
        throw new IllegalArgumentException("a model's " + name + " has " + m.length + " values, shape needs " + n);
      }
    }
  }

  /** The number of elements. */
  public int size() {
    return (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
  }
}
