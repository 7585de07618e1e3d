package io.github.dl4jlosses.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What slf4j-simple (the test logger, writing to {@code System.err}) prints while a piece of code runs. */
final class CapturedLog {
    private CapturedLog() {
    }

    static synchronized String during(Runnable code) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }

    /** How many times {@code text} occurs in {@code log}. */
    static int count(String log, String text) {
        return log.split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }
}
