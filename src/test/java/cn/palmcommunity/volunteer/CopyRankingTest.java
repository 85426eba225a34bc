package cn.palmcommunity.volunteer;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pieces of the in-memory ranking that need no database (the whole is held to the statement by MatchingReferenceTest). */
class CopyRankingTest {

    @Test
    void nthIsTheValueSortingWouldPutThere() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            int n = 1 + random.nextInt(400);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values in some rounds, so ties are common.
                values[i] = round % 3 == 0 ? random.nextInt(5) : random.nextDouble() * 5000;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(n);
            assertEquals(sorted[k], CopyRanking.nth(values.clone(), k), "round " + round + ", k " + k + " of " + n);
        }
    }

    @Test
    void sphereDistanceIsPostgisSphereDistance() {
        // What PostGIS 3 answers for ST_Distance(geography, geography, false) between these points.
        assertEquals(2859.40472966, CopyRanking.sphereDistance(36.07, 120.38, 36.09, 120.40), 1e-7);
        assertEquals(111195.07973463, CopyRanking.sphereDistance(36, 120, 37, 120), 1e-7);
    }
}
