package io.github.dl4jlosses.benchmarks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link Lockstep} against a partner thread that plays pytorch_baseline.py's part over real named pipes: the turns
 * alternate strictly (our iteration, its iteration, ours, …), each line names the benchmark, the kind and the index,
 * and a partner that leaves early is reported, not waited for.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LockstepTest {
    @TempDir
    Path dir;
    private ExecutorService pool;
    /** What each turn's line ends with: this JVM's pid. */
    private static final String PID = " " + ProcessHandle.current().pid();
    /** Who did what, in order: "ours 0", "theirs 0 WARMUP", … */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void pipes() throws Exception {
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", dir.resolve(Lockstep.FROM_PARTNER).toString(),
                    dir.resolve(Lockstep.TO_PARTNER).toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "mkfifo (named pipes) is not available on this system");
        pool = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * The partner: opens its ends in Lockstep's order and answers {@code answers} lines, each after 50 ms of "work";
     * with {@code readOneMore} it then reads one more line and leaves without answering it.
     */
    private Future<List<String>> partner(int answers, boolean readOneMore) {
        return pool.submit(() -> {
            List<String> seen = new ArrayList<>();
            try (Writer toJava = new OutputStreamWriter(new FileOutputStream(
                    dir.resolve(Lockstep.FROM_PARTNER).toFile()), StandardCharsets.UTF_8);
                 BufferedReader turns = new BufferedReader(new InputStreamReader(new FileInputStream(
                         dir.resolve(Lockstep.TO_PARTNER).toFile()), StandardCharsets.UTF_8))) {
                for (int i = 0; i < answers; i++) {
                    String line = turns.readLine();
                    seen.add(line);
                    Thread.sleep(50);
                    events.add("theirs " + i + " " + line.split(" ")[2]);
                    toJava.write("done\n");
                    toJava.flush();
                }
                if (readOneMore) {
                    seen.add(turns.readLine());
                }
            }
            return seen;
        });
    }

    @Test
    void turnsAlternateAndEachLineSaysWhatToRun() throws Exception {
        Future<List<String>> seen = partner(3, false);
        Lockstep turns = new Lockstep();
        turns.connect(dir, "pkg.LossBenchmark.lossAndGradient loss=NPAIR,shape=512x128");
        String[] kinds = {"WARMUP", "MEASUREMENT", "MEASUREMENT"};
        for (int i = 0; i < kinds.length; i++) {
            turns.awaitTurn();                  // waits for the partner's previous iteration, if any
            events.add("ours " + i);
            turns.passTurn(kinds[i]);
        }
        turns.disconnect();                     // waits for the partner's last iteration
        events.add("closed");

        assertEquals(List.of(
                "pkg.LossBenchmark.lossAndGradient loss=NPAIR,shape=512x128 WARMUP 0" + PID,
                "pkg.LossBenchmark.lossAndGradient loss=NPAIR,shape=512x128 MEASUREMENT 1" + PID,
                "pkg.LossBenchmark.lossAndGradient loss=NPAIR,shape=512x128 MEASUREMENT 2" + PID), seen.get());
        assertEquals(List.of("ours 0", "theirs 0 WARMUP", "ours 1", "theirs 1 MEASUREMENT", "ours 2",
                "theirs 2 MEASUREMENT", "closed"), events);
    }

    @Test
    void aPartnerThatLeavesWithoutAnsweringIsReported() throws Exception {
        Future<List<String>> seen = partner(1, true);
        Lockstep turns = afterOneAnsweredTurn();
        turns.passTurn("MEASUREMENT");
        assertEquals(List.of("b loss=X,shape=1x1 WARMUP 0" + PID, "b loss=X,shape=1x1 MEASUREMENT 1" + PID),
                seen.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, turns::awaitTurn);
        assertTrue(e.getMessage().contains("closed its pipe before answering iteration 1 of b loss=X,shape=1x1"),
                e.getMessage());
    }

    @Test
    void aTurnPassedToAPartnerThatHasGoneIsReported() throws Exception {
        Future<List<String>> seen = partner(1, false);
        Lockstep turns = afterOneAnsweredTurn();
        assertEquals(1, seen.get().size());     // the partner has closed both its ends
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> turns.passTurn("MEASUREMENT"));
        assertTrue(e.getMessage().contains("the partner has gone (passing the turn after iteration 1 of b loss=X"),
                e.getMessage());
    }

    /** A Lockstep connected as "b loss=X,shape=1x1" that has passed one turn (WARMUP) and had it answered. */
    private Lockstep afterOneAnsweredTurn() {
        Lockstep turns = new Lockstep();
        turns.connect(dir, "b loss=X,shape=1x1");
        turns.passTurn("WARMUP");
        turns.awaitTurn();
        return turns;
    }
}
