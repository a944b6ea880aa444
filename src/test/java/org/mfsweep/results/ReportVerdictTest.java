package org.mfsweep.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's verdict rests on the outcome classes at the smallest α, never on the trend of err_ref
 * alone: a falling err_ref whose α-path still moves is not a verdict, and one settled counterexample
 * is a "does not hold" whatever the medians do.
 */
class ReportVerdictTest {
  private static final double[] ALPHA = {1e-2, 1e-4, 1e-6};
  private static final double[] FALLING = {0.3, 0.03, 0.003};
  private static final double[] RISING = {0.01, 0.005, 0.02};

  @Test void everyLimitReachedAndEqualHolds() {
    assertEquals("holds: the limit is reached and equals the reference in 3 of 3; trend: err_ref ÷100",
        Report.judge("sensing", ALPHA, FALLING, 0, Map.of(Outcomes.EQUALS, 3L)));
  }

  @Test void aFallingTrendWithoutALimitIsNotAVerdict() {
    assertEquals("not decided: no limit yet in 2 of 3; trend: err_ref ÷100",
        Report.judge("sensing", ALPHA, FALLING, 0, Map.of(Outcomes.EQUALS, 1L, Outcomes.NO_LIMIT, 2L)));
  }

  @Test void oneSettledCounterexampleDoesNotHoldWhateverTheTrend() {
    assertEquals("does not hold: 1 of 3 limits reached differ from the reference; trend: err_ref ÷100",
        Report.judge("completion", ALPHA, FALLING, 0, Map.of(Outcomes.EQUALS, 1L, Outcomes.DIFFERS, 1L,
            Outcomes.NO_LIMIT, 1L)));
  }

  @Test void aLimitBesideAReferenceThatIsNotUniqueIsNotDecided() {
    assertEquals("not decided: 2 of 2 differ from a reference that is not unique; trend: err_ref rises at the last step",
        Report.judge("completion", ALPHA, RISING, 0, Map.of(Outcomes.DIFFERS_NOT_UNIQUE, 2L)));
  }

  @Test void uncertifiedReferencesAndMissingOutcomesGiveNoVerdict() {
    assertEquals("inconclusive (reference not certified)",
        Report.judge("completion", ALPHA, FALLING, 1, Map.of(Outcomes.EQUALS, 3L)));
    assertEquals("no verdict: no outcome (no stored X or one α); trend: err_ref ÷100",
        Report.judge("sensing", ALPHA, FALLING, 0, Map.of()));
  }

  @Test void leastSquaresFromZeroIsJudgedByItsClosedForm() {
    assertEquals("holds (α = 0 reaches it to 1e-12)",
        Report.judge("least-squares", new double[] {1, 0}, new double[] {0.5, 1e-12}, 0, Map.of()));
  }
}
