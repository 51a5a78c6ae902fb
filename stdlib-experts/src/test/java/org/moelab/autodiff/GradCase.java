package org.moelab.autodiff;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.moelab.runtime.TensorOps;
import org.moelab.runtime.TensorValue;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * One gradient check: inputs, the function of them (built with {@link TensorOps}), which inputs
 * to differentiate, the finite-difference step and the tolerance.
 *
 * @param name shown in the test report
 * @param inputs input values (floating ones in F64 so differences are accurate)
 * @param differentiate which inputs to check
 * @param body the function; the check reduces its output to a scalar with fixed random weights
 * @param step the central-difference step
 * @param tolerance allowed |analytic − numeric| relative to max(1, |numeric|)
 */
record GradCase(String name, List<HostTensor> inputs, boolean[] differentiate,
    Function<Args, TensorValue> body, double step, double tolerance) {

  /** The builder and the input tensors, passed to a case's body. */
  record Args(TensorOps ops, List<TensorValue> x) {
    TensorValue get(int i) {
      return x.get(i);
    }
  }

  /** A case over F64 inputs of these shapes (all differentiated), values N(0, 1) from {@code seed}. */
  static GradCase of(String name, long seed, Function<Args, TensorValue> body, long[]... shapes) {
    Random r = new Random(seed);
    HostTensor[] inputs = new HostTensor[shapes.length];
    boolean[] diff = new boolean[shapes.length];
    for (int i = 0; i < shapes.length; i++) {
      Shape s = Shape.of(shapes[i]);
      double[] v = new double[Math.toIntExact(s.size())];
      for (int j = 0; j < v.length; j++) {
        v[j] = r.nextGaussian();
      }
      inputs[i] = HostTensor.ofDoubles(s, v);
      diff[i] = true;
    }
    return new GradCase(name, List.of(inputs), diff, body, 1e-6, 1e-6);
  }

  /** The same case with positive inputs in [0.5, 2) (for log, sqrt, pow). */
  GradCase positive() {
    HostTensor[] pos = new HostTensor[inputs.size()];
    for (int i = 0; i < pos.length; i++) {
      double[] v = inputs.get(i).toDoubleArray();
      for (int j = 0; j < v.length; j++) {
        v[j] = 0.5 + 1.5 * (0.5 + 0.5 * Math.tanh(v[j]));
      }
      pos[i] = HostTensor.ofDoubles(inputs.get(i).shape(), v);
    }
    return new GradCase(name, List.of(pos), differentiate, body, step, tolerance);
  }

  /** The same case with an extra non-differentiated input (an index or mask). */
  GradCase with(HostTensor extra) {
    HostTensor[] all = inputs.toArray(new HostTensor[inputs.size() + 1]);
    all[inputs.size()] = extra;
    boolean[] diff = java.util.Arrays.copyOf(differentiate, all.length);
    return new GradCase(name, List.of(all), diff, body, step, tolerance);
  }

  /** The same case with another step and tolerance. */
  GradCase tolerance(double newStep, double newTolerance) {
    return new GradCase(name, inputs, differentiate, body, newStep, newTolerance);
  }

  @Override
  public String toString() {
    return name;
  }
}
