package org.moelab.merge.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CaPE, model patches, ComPEFT and the sign-conflict score on hand-worked values. */
class DeltaEditsTest {
  @Test
  void capeAddsTheExpertAndSubtractsTheAntiExpert() {
    assertArrayEquals(new float[] {1.5f, 2f},
        DeltaEdits.cape(new float[] {1, 1}, new float[] {3, 2}, new float[] {2, 0}, 0.5));
  }

  @Test
  void patchMovesTheDeltaToAnotherBase() {
    assertArrayEquals(new float[] {10.5f, 21f},
        DeltaEdits.patch(new float[] {2, 3}, new float[] {1, 1}, new float[] {10, 20}, 0.5));
  }

  @Test
  void compeftKeepsTheTopKAsSignTimesOneScalar() {
    float[] tau = {3f, -1f, 0.5f, -4f};
    float std = (float) Math.sqrt(25.6875 / 3);
    assertArrayEquals(new float[] {std, 0, 0, -std}, ComPeft.compress(tau, 0.5, 1.0, ComPeft.Scale.STD), 1e-6f);
    assertArrayEquals(new float[] {7f, 0, 0, -7f}, ComPeft.compress(tau, 0.5, 2.0, ComPeft.Scale.MEAN), 1e-6f);
    assertArrayEquals(new float[] {0, 0, 0, 0}, ComPeft.compress(tau, 0.1, 1.0, ComPeft.Scale.MEAN),
        "int(0.1 · 4) = 0 keeps nothing");
  }

  @Test
  void signConflictCountsElementsPushedBothWays() {
    List<float[]> deltas = List.of(new float[] {1, -1, 0, 2}, new float[] {-1, -1, 3, 0}, new float[] {0, -2, 1, 1});
    assertEquals(1, SignConflict.conflicts(deltas), "only element 0 has both signs; zeros take no side");
  }
}
