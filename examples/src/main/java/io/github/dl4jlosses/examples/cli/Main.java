package io.github.dl4jlosses.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Siamese verification trainer: {@code train}, {@code evaluate} and {@code verify}.
 * Run without arguments it trains and evaluates the default demo (bundled Fashion-MNIST, open set).
 */
@Command(name = "dl4j-verify", mixinStandardHelpOptions = true, version = "dl4j-losses examples 0.1.0",
        description = "Train and evaluate Siamese / triplet verification networks with dl4j-losses.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, VerifyCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        // No subcommand: run the default demo, what the README's main command promises.
        new CommandLine(new TrainCommand()).execute();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 bad input or failure, 2 usage). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }
}
