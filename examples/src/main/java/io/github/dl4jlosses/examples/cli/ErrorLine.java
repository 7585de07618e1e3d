package io.github.dl4jlosses.examples.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The one line a failed command prints: {@code error: <what went wrong>}. The JDK's file exceptions carry
 * only the path when the OS gives no reason, so the kind of failure is spelled out; multi-line messages
 * (some DL4J/ND4J ones) are joined into one line; a message-less exception names its type and where it was
 * thrown, so a bug report still says something.
 */
final class ErrorLine {
    private ErrorLine() {
    }

    static String of(Throwable e) {
        return "error: " + text(e);
    }

    /** What went wrong, on one line, without the {@code error:} prefix. */
    static String text(Throwable e) {
        return describe(e).replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static String describe(Throwable e) {
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() == null) {
            String file = ((FileSystemException) e).getFile();
            if (e instanceof NoSuchFileException) return "no such file or folder: " + file;
            if (e instanceof AccessDeniedException) return "permission denied: " + file;
            if (e instanceof FileAlreadyExistsException) return "already exists: " + file;
            if (e instanceof NotDirectoryException) return "not a folder: " + file;
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); try smaller batches (-P, -K) or a larger -Xmx";
        }
        String message = e.getMessage();
        if (message != null && !message.isBlank()) return message;
        StackTraceElement[] trace = e.getStackTrace();
        return e.getClass().getName() + (trace.length == 0 ? "" : " at " + trace[0]);
    }
}
