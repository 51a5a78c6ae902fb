package org.moelab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellPlanTest {
  @Test
  void codeWithoutMagicsIsTheWholeCell() {
    CellPlan plan = CellPlan.parse("let x = 1\nprint(x)");
    assertEquals(List.of(), plan.magics());
    assertEquals("let x = 1\nprint(x)", plan.body());
  }

  @Test
  void leadingLineMagicsAreBlankedSoLineNumbersStay() {
    CellPlan plan = CellPlan.parse("%seed 42\n\n%backend  djl \nlet x = 1\n% not a magic here");
    assertEquals(
        List.of(new MagicCall("seed", "42", false), new MagicCall("backend", "djl", false)), plan.magics());
    assertEquals("\n\n\nlet x = 1\n% not a magic here", plan.body());
  }

  @Test
  void cellMagicTakesTheRestOfTheCell() {
    CellPlan plan = CellPlan.parse("%%time\nlet y = 2\ny");
    assertEquals(List.of(new MagicCall("time", "\nlet y = 2\ny", true)), plan.magics());
    assertFalse(plan.hasBody());
  }

  @Test
  void lineMagicWithInlineCodeKeepsItsArgument() {
    CellPlan plan = CellPlan.parse("%time 1 + 2");
    assertEquals(List.of(new MagicCall("time", "1 + 2", false)), plan.magics());
    assertFalse(plan.hasBody());
  }

  @Test
  void onlyBlankCellHasNoBody() {
    assertFalse(CellPlan.parse("  \n").hasBody());
    assertTrue(CellPlan.parse("x").hasBody());
  }
}
