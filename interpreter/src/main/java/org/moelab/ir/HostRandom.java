package org.moelab.ir;

import java.util.SplittableRandom;
import org.moelab.tensor.HostTensor;

/**
 * Generates the data of {@link Op#RANDOM_NORMAL} and {@link Op#RANDOM_UNIFORM} nodes on the host,
 * so a seed gives the same bits on every backend. Uses {@link SplittableRandom} (a fixed,
 * documented algorithm) and Box–Muller for normals, never the JDK's unspecified Gaussian.
 */
public final class HostRandom {
  private HostRandom() {}

  /** The host tensor for a random node. */
  public static HostTensor generate(Node node) {
    Attrs a = node.attrs();
    SplittableRandom rng = new SplittableRandom(a.getLong("seed"));
    int n = Math.toIntExact(node.shape().size());
    double[] values = new double[n];
    if (node.op() == Op.RANDOM_NORMAL) {
      fillNormal(rng, values, a.getDouble("mean"), a.getDouble("std"));
    } else if (node.op() == Op.RANDOM_UNIFORM) {
      double low = a.getDouble("low");
      double high = a.getDouble("high");
      for (int i = 0; i < n; i++) {
        values[i] = low + (high - low) * rng.nextDouble();
      }
    } else {
      throw new IllegalArgumentException("not a random node: " + node);
    }
    return HostTensor.fromDoubles(node.dtype(), node.shape(), values);
  }

  private static void fillNormal(SplittableRandom rng, double[] out, double mean, double std) {
    for (int i = 0; i < out.length; i += 2) {
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      double r = Math.sqrt(-2.0 * Math.log(u1));
      out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
      if (i + 1 < out.length) {
        out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
      }
    }
  }
}
