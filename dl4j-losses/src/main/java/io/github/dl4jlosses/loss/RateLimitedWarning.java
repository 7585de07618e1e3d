package io.github.dl4jlosses.loss;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One warning, not a flood: the first occurrence is logged at WARN, later ones at most once per
 * {@link #INTERVAL_MILLIS} (with the number suppressed meanwhile). A loss keeps one per instance, so a
 * training loop that meets a degenerate batch every iteration logs a line every few minutes, not every step.
 */
final class RateLimitedWarning {
    static final long INTERVAL_MILLIS = 10 * 60 * 1000L;

    private final Logger log;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong logged = new AtomicLong();

    RateLimitedWarning(Logger log) {
        this.log = log;
    }

    void warn(String message) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        boolean due = last == Long.MIN_VALUE || now - last >= INTERVAL_MILLIS;
        if (due && lastLogged.compareAndSet(last, now)) {
            long skipped = suppressed.getAndSet(0);
            logged.incrementAndGet();
            if (skipped == 0) {
                log.warn(message);
            } else {
                log.warn("{} ({} similar warnings suppressed since the last one)", message, skipped);
            }
        } else {
            suppressed.incrementAndGet();
        }
    }

    /** How many warnings were actually logged (for tests). */
    long logged() {
        return logged.get();
    }
}
