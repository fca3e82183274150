package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.StorageException;
import java.util.List;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flux} command-line tool: generate one image or a batch from a file of prompts (with post-processing steps),
 * edit images, inpaint, upscale them, remove their backgrounds. Every command that creates predictions counts and prices
 * them first, and asks before spending more than $1.00 or on more than 100 predictions ({@code --yes} skips that).
 * Exit codes: 0 all done, 1 some item failed or the API refused the run (a drifted model schema, an unusable token:
 * the SDK's {@link FluxSchnellException}s), 2 bad input or configuration (nothing sent), 3 the run would spend more
 * than allowed or than was confirmed (nothing sent).
 */
@Command(name = "flux", mixinStandardHelpOptions = true, versionProvider = FluxCli.Version.class,
        description = {"Make and edit images with the Flux models on Replicate.",
            "Every command that creates predictions prints their count and cost first (--estimate: only that), and "
                + "asks before spending more than $1.00 or on more than 100 predictions (--yes: without asking); "
                + "its journal in --out makes a rerun of the same command resume without paying twice.",
            "batch --then STEP runs each prompt's images through steps, in order: remove-background[:white], "
                + "upscale[:2|:4|:recraft-crisp], edit:INSTRUCTION (docs/cli.md, \"Steps\")."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:some item failed, or the API refused the run (e.g. a model's schema "
            + "drifted: nothing sent)", "2:bad input or configuration: nothing sent",
            "3:the run would spend more than allowed (--budget) or than was confirmed (--yes): nothing sent"})
public final class FluxCli implements Runnable {
    /**
     * Exit code: the API refused the run — a model's live schema drifted from the SDK's (nothing sent), a token it does
     * not accept, an error it kept answering — or some item failed.
     */
    static final int API_ERROR = 1;
    /**
     * Exit code: a problem with the call or the configuration (options, missing token, a plain-http API, unreadable
     * prompt file, bad input image, too many predictions, colliding output names, an unusable destination); nothing
     * was sent.
     */
    static final int USAGE = 2;
    /** Exit code: the run would spend more than {@code --budget} allows, or than was confirmed; nothing was sent. */
    static final int OVER_BUDGET = 3;

    /** The subcommands, in the order {@code --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(GenerateCommand.class, BatchCommand.class, EditCommand.class,
            InpaintCommand.class, UpscaleCommand.class, RemoveBackgroundCommand.class, AgainCommand.class,
            ModelsCommand.class, CommandLine.HelpCommand.class);

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        Warmup.start();
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand (for tests). */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: with only the subcommand {@code args} names first (picocli reads
     * every option of every subcommand it is given, a tenth of a second at start for all of them), or with all of
     * them when the first argument names none ({@code --help}, {@code help}, a typo: all are needed to answer).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new FluxCli());
        String first = args.length > 0 ? args[0] : "";
        boolean named = COMMANDS.stream().anyMatch(c -> names(c).contains(first)) && !first.equals("help");
        for (Class<?> command : COMMANDS) {
            if (!named || names(command).contains(first)) {
                cl.addSubcommand(command);
            }
        }
        Flags.registerConverters(cl);
        cl.setParameterExceptionHandler(FluxCli::badArguments);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (t instanceof Session.UsageException) {
                cmd.getErr().println("error: " + t.getMessage());
                return USAGE;
            }
            if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
                // invalid settings: the SDK's validation messages, naming the flag where they name its setting
                cmd.getErr().println("error: " + Flags.named(t.getMessage()).orElse(t.getMessage()));
                return USAGE;
            }
            if (t instanceof StorageException s && s.predictionId().isEmpty()) {
                // the destination was found unusable before the first create (the SDK's preflight): nothing was sent
                cmd.getErr().println("error: " + PaidRun.oneLine(s.getMessage()));
                return USAGE;
            }
            if (t instanceof FluxSchnellException f && f.getMessage() != null) {
                // the API, or a model's live schema, refused the run (ModelSchemaException: nothing was sent); the
                // message may be a report of several lines: each is printed as an error line of its own
                f.getMessage().lines().forEach(line -> cmd.getErr().println("error: " + line));
                cmd.getErr().flush();
                return API_ERROR;
            }
            cmd.getErr().println("error: " + t);
            return 1;
        });
        return cl;
    }

    /**
     * A command line picocli cannot parse — an unknown option, a missing parameter, a value its option's converter
     * refuses: one line naming the option and what it accepts (exit code 2); the usage only with {@code --help}.
     */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        Throwable cause = e.getCause();
        String line;
        if (e.getArgSpec() instanceof CommandLine.Model.OptionSpec option && cause != null) {
            line = Flags.refused(option.longestName(), e.getValue(), cause.getMessage());
        } else {
            List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions()
                    : List.of();
            line = e.getMessage() + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ",
                    suggestions) + "?") + " (see " + cmd.getCommandSpec().qualifiedName() + " --help)";
        }
        cmd.getErr().println("error: " + PaidRun.oneLine(line));
        cmd.getErr().flush();
        return USAGE;
    }

    /** A subcommand's name and aliases. */
    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        List<String> names = new java.util.ArrayList<>(List.of(c.aliases()));
        names.add(c.name());
        return names;
    }

    /** The version {@code flux --version} prints: the SDK's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"flux " + dev.fluxschnell.sdk.FluxSchnellClient.version() + " (flux-schnell-java)"};
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
