package io.github.dl4jlosses.examples.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerificationPairsTest {
    private static final int[] LABELS = {5, 5, 6, 6, 6, 7, 8, 8, 9, 9, 9, 9};

    @Test
    void foldsHoldMatchedThenMismatchedPairsWithCorrectTruth() {
        VerificationPairs p = VerificationPairs.random(LABELS, 10, 30, 1);
        assertEquals(600, p.size());
        for (int i = 0; i < p.size(); i++) {
            assertEquals(i / 60, p.fold[i]);
            assertEquals(i % 60 < 30, p.same[i]);
            assertEquals(p.same[i], LABELS[p.left[i]] == LABELS[p.right[i]], "pair " + i);
            assertNotEquals(p.left[i], p.right[i], "an image is never paired with itself");
        }
        assertTrue(Arrays.stream(p.left).anyMatch(i -> LABELS[i] == 7), "single-image class 7 appears in mismatched pairs");
    }

    @Test
    void seededAndReproducible() {
        assertArrayEquals(VerificationPairs.random(LABELS, 2, 5, 3).left, VerificationPairs.random(LABELS, 2, 5, 3).left);
        assertFalse(Arrays.equals(VerificationPairs.random(LABELS, 2, 50, 3).left, VerificationPairs.random(LABELS, 2, 50, 4).left));
    }

    @Test
    void rejectsDataWithoutPairs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VerificationPairs.random(new int[]{1, 2, 3}, 10, 300, 0));
        assertTrue(e.getMessage().contains("one class with two images"), e.getMessage());
    }
}
