package io.github.dl4jlosses.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

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
import java.nio.file.Paths;
import java.util.TreeSet;

/**
 * Takes turns with PyTorch's side, iteration by iteration, where {@code LOCKSTEP_DIR} names a folder holding two named
 * pipes ({@code benchmarks/lockstep.sh} makes them and starts {@code pytorch_baseline.py --lockstep}): after each of
 * our iterations PyTorch runs one iteration of the same loss and shape while we wait, so that the two series
 * interleave second by second and a drift of the machine's speed (±30% over minutes on the VM of sessions 28–37)
 * falls on both sides of a pair alike. Without {@code LOCKSTEP_DIR} every method returns at once.
 * <p>
 * The exchange: we write one line per finished iteration to {@code to-python} ({@code benchmark params type index
 * pid});
 * PyTorch answers one line on {@code to-java} when its iteration is done, which the next iteration (or the end of the
 * trial) waits for. Fixtures at iteration and trial level run outside JMH's timed region.
 */
@State(Scope.Benchmark)
public class Lockstep {
    /** The environment variable naming the folder of the two pipes. */
    public static final String DIR_ENV = "LOCKSTEP_DIR";
    static final String TO_PARTNER = "to-python";
    static final String FROM_PARTNER = "to-java";

    /** Sent with each turn, so that the partner can tell how much CPU this JVM takes while it runs (/proc). */
    private static final long PID = ProcessHandle.current().pid();

    private BufferedReader partner;
    private Writer ours;
    private String label;
    private int iteration;
    private boolean owed;

    @Setup(Level.Trial)
    public void connect(BenchmarkParams params) {
        String dir = System.getenv(DIR_ENV);
        if (dir != null && !dir.isEmpty()) {
            connect(Paths.get(dir), label(params));
        }
    }

    /** Opens the pipes in {@code dir} (blocks until the partner has opened its ends; the partner opens them in this order). */
    void connect(Path dir, String label) {
        try {
            partner = new BufferedReader(new InputStreamReader(
                    new FileInputStream(dir.resolve(FROM_PARTNER).toFile()), StandardCharsets.UTF_8));
            ours = new OutputStreamWriter(new FileOutputStream(dir.resolve(TO_PARTNER).toFile()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Lockstep: cannot open the pipes in " + dir, e);
        }
        this.label = label;
        iteration = 0;
        owed = false;
    }

    /** {@code benchmark name=value,...}: the method and its parameters, which tell the partner what to run. */
    static String label(BenchmarkParams params) {
        StringBuilder s = new StringBuilder(params.getBenchmark()).append(' ');
        String sep = "";
        for (String key : new TreeSet<>(params.getParamsKeys())) {
            s.append(sep).append(key).append('=').append(params.getParam(key));
            sep = ",";
        }
        return s.toString();
    }

    @Setup(Level.Iteration)
    public void awaitTurn() {
        if (owed) {
            awaitPartner();
        }
    }

    @TearDown(Level.Iteration)
    public void passTurn(IterationParams iterationParams) {
        passTurn(iterationParams.getType().name());
    }

    /** Tells the partner that our iteration of kind {@code type} (WARMUP, MEASUREMENT) is done: its turn. */
    void passTurn(String type) {
        if (ours == null) {
            return;
        }
        try {
            ours.write(label + ' ' + type + ' ' + iteration + ' ' + PID + '\n');
            ours.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Lockstep: the partner has gone (passing the turn after iteration "
                    + iteration + " of " + label + ")", e);
        }
        iteration++;
        owed = true;
    }

    @TearDown(Level.Trial)
    public void disconnect() {
        if (ours == null) {
            return;
        }
        if (owed) {
            awaitPartner();                     // its last iteration follows our last one
        }
        try {
            ours.close();
            partner.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Lockstep: closing the pipes", e);
        }
        ours = null;
        partner = null;
    }

    /** Blocks until the partner reports its iteration done. */
    void awaitPartner() {
        String line;
        try {
            line = partner.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Lockstep: reading the partner's answer", e);
        }
        if (line == null) {
            throw new IllegalStateException("Lockstep: the partner closed its pipe before answering iteration "
                    + (iteration - 1) + " of " + label);
        }
        owed = false;
    }
}
