package org.moelab.train;

import org.moelab.tensor.DType;
import org.moelab.tensor.HostTensor;
import org.moelab.tensor.Shape;

/**
 * A tensor being trained: its current values on the host and the gradient of the latest step.
 * Mutable by design (one per trained tensor, owned by one training loop); values are rounded to
 * the parameter's dtype after every update, as a framework storing that dtype would.
 */
final class Parameter {
  private final String name;
  private final Shape shape;
  private final DType dtype;
  private final double[] value;
  private double[] grad;

  Parameter(String name, HostTensor initial) {
    this.name = name;
    this.shape = initial.shape();
    this.dtype = initial.dtype();
    this.value = initial.toDoubleArray();
    this.grad = new double[value.length];
  }

  String name() {
    return name;
  }

  Shape shape() {
    return shape;
  }

  DType dtype() {
    return dtype;
  }

  /** The live values (updated in place by optimizers). */
  double[] value() {
    return value;
  }

  /** The latest gradient. */
  double[] grad() {
    return grad;
  }

  void setGrad(double[] g) {
    if (g.length != value.length) {
      throw new IllegalArgumentException("gradient of " + name + " has " + g.length + " values, expected " + value.length);
    }
    grad = g;
  }

  /** Rounds the values to the dtype (f32 storage keeps f32 values). */
  void roundToDtype() {
    if (dtype == DType.F32) {
      for (int i = 0; i < value.length; i++) {
        value[i] = (float) value[i];
      }
    }
  }

  /** The current values as a host tensor of the parameter's dtype. */
  HostTensor toHost() {
    return HostTensor.fromDoubles(dtype, shape, value);
  }
}
