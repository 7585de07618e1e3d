package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * Siamese verification trainer: {@code train}, {@code evaluate} and {@code verify}.
 * Run without arguments it trains and evaluates the default demo (bundled Fashion-MNIST, open set),
 * exactly as {@code train} with its defaults.
 * <p>
 * Exit codes: 0 success, 1 a failure while running (bad data, unusable output folder, diverged training),
 * 2 a command line that does not parse. Either way stderr gets one {@code error: ...} line; usage errors
 * add a hint to {@code --help} after it instead of the whole usage text.
 */
@Command(name = "dl4j-losses", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Train and evaluate Siamese / triplet verification networks with dl4j-losses.",
        subcommands = {TrainCommand.class, PretrainCommand.class, EvaluateCommand.class, VerifyCommand.class})
public final class Main implements Runnable {
    /** What running the program without arguments does: the README's demo command. */
    static final String DEFAULT_SUBCOMMAND = "train";

    /** slf4j-simple's level property; set before the first logger exists, unless the user set it. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String VERBOSE = "--verbose";

    @Spec
    CommandSpec spec;

    @Option(names = VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "Log at INFO (ND4J's backend banner, DL4J's messages); the default logs warnings and errors only.")
    boolean verbose;

    @Override
    public void run() {
        // Only reached with options but no subcommand (no arguments at all run the default subcommand).
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a subcommand: train, pretrain, evaluate or verify");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        configureLogging(Arrays.asList(args).contains(VERBOSE));
        NativeVariant.choose();
        skipJavaCppPhysicalMemoryCheck();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(ErrorLine.of(e));
            return cmd.getCommandSpec().exitCodeOnExecutionException();
        });
        cl.setParameterExceptionHandler(Main::usageError);
        try {
            return cl.execute(args.length == 0 ? new String[]{DEFAULT_SUBCOMMAND} : args);
        } catch (Error e) {
            // picocli handles Exceptions only; an Error (out of memory, a missing native library) would end
            // the JVM with a stack trace and no hint.
            cl.getErr().println(ErrorLine.of(e));
            return cl.getCommandSpec().exitCodeOnExecutionException();
        }
    }

    /**
     * WARN by default, INFO with {@code --verbose}. Decided from the raw arguments before picocli (or anything else)
     * creates a logger, because slf4j-simple reads its level once, when the first logger is made. A level given
     * with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} wins.
     */
    static void configureLogging(boolean verbose) {
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, verbose ? "info" : "warn");
        }
    }

    /** JavaCPP's property for its check of the process's resident memory on every native allocation. */
    static final String MAX_PHYSICAL_BYTES_PROPERTY = "org.bytedeco.javacpp.maxPhysicalBytes";

    /**
     * Turns off JavaCPP's resident-memory check ({@code maxPhysicalBytes=0}) unless the user set it. JavaCPP reads the
     * process's resident size on every native allocation to compare it with that limit; ND4J allocates a few small
     * buffers per op, so on the trainer's batches of 80 the check took a fifth of a loss call (multi-similarity at
     * 80×256, one thread: 4.1 ms with it, 1.7 ms without). Off-heap memory stays bounded by
     * {@code org.bytedeco.javacpp.maxbytes}. Set before ND4J loads JavaCPP, which reads the property once.
     */
    static void skipJavaCppPhysicalMemoryCheck() {
        if (System.getProperty(MAX_PHYSICAL_BYTES_PROPERTY) == null && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty(MAX_PHYSICAL_BYTES_PROPERTY, "0");
        }
    }

    /** The error first and on one line, then where the usage is, rather than the whole usage text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(ErrorLine.of(e));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
