package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.StorageException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The {@code flux} command-line tool: generate one image or a batch from a file of prompts (with post-processing steps),
 * edit images, inpaint, upscale them, remove their backgrounds. Every command that creates predictions counts and prices
 * them first, and asks before spending more than $1.00 or on more than 100 predictions ({@code --yes} skips that).
 * Exit codes: 0 all done, 1 some item failed or the API refused the run (a drifted model schema, an unusable token:
 * the SDK's {@link FluxSchnellException}s), 2 bad input or configuration (nothing sent), 3 the run would spend more
 * than allowed or than was confirmed (nothing sent).
 */
public final class FluxCli {
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

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        ApiOptions.warmUp(args); // overlaps reading the command line and the input
        // the default charset (UTF-8 on JDK 18+), not the terminal's: --json lines stay UTF-8 in a pipe under LANG=C
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        System.exit(run(args, new Cli.Io(out, err)));
    }

    /** {@return the exit code} Runs the CLI on {@code args}, printing to {@code io} (what tests call). */
    static int run(String[] args, Cli.Io io) {
        Cli.Spec root = root();
        try {
            Cli.Parsed parsed = root.parse(List.of(args));
            switch (parsed.action()) {
                case HELP -> parsed.spec().usage(io.out());
                case VERSION -> {
                    io.out().println("flux " + dev.fluxschnell.sdk.FluxSchnellClient.version() + " (flux-schnell-java)");
                    io.out().flush();
                }
                case RUN -> {
                    if (parsed.command() == null) {
                        root.usage(io.out());
                        return 0;
                    }
                    return parsed.command().call(io);
                }
                default -> throw new IllegalStateException(parsed.action().toString());
            }
            return 0;
        } catch (Cli.BadArguments e) {
            io.err().println("error: " + PaidRun.oneLine(e.getMessage()));
            return USAGE;
        } catch (Exception e) {
            return failed(e, io.err());
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    /** {@return the root command: its description, subcommands and exit codes, as {@code flux --help} shows them} */
    private static Cli.Spec root() {
        return new Cli.Spec("flux").describe("Make and edit images with the Flux models on Replicate.",
                "Every command that creates predictions prints their count and cost first (--estimate: only that), "
                        + "and asks before spending more than $1.00 or on more than 100 predictions (--yes: without "
                        + "asking); its journal in --out makes a rerun of the same command resume without paying "
                        + "twice.",
                "batch --then STEP runs each prompt's images through steps, in order: remove-background[:white], "
                        + "upscale[:2|:4|:recraft-crisp], edit:INSTRUCTION (docs/cli.md, \"Steps\").")
                .subcommand("generate", GenerateCommand::new)
                .subcommand("batch", BatchCommand::new)
                .subcommand("edit", EditCommand::new)
                .subcommand("inpaint", InpaintCommand::new)
                .subcommand("upscale", UpscaleCommand::new)
                .subcommand("remove-background", RemoveBackgroundCommand::new)
                .subcommand("again", AgainCommand::new)
                .subcommand("models", ModelsCommand::new)
                .footer("", "Exit codes:", "  0   done",
                        "  1   some item failed, or the API refused the run (e.g. a model's schema drifted: nothing sent)",
                        "  2   bad input or configuration: nothing sent",
                        "  3   the run would spend more than allowed (--budget) or than was confirmed (--yes): nothing "
                                + "sent");
    }

    /**
     * {@return the exit code} Says on {@code err} why a command failed: in one line, or one line per line of an API
     * report; a usage or validation problem exits 2, the API's refusal 1.
     */
    private static int failed(Exception e, PrintWriter err) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof Session.UsageException) {
            err.println("error: " + t.getMessage());
            return USAGE;
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            // invalid settings: the SDK's validation messages, naming the flag where they name its setting
            err.println("error: " + Flags.named(t.getMessage()).orElse(t.getMessage()));
            return USAGE;
        }
        if (t instanceof StorageException s && s.predictionId().isEmpty()) {
            // the destination was found unusable before the first create (the SDK's preflight): nothing was sent
            err.println("error: " + PaidRun.oneLine(s.getMessage()));
            return USAGE;
        }
        if (t instanceof FluxSchnellException f && f.getMessage() != null) {
            // the API, or a model's live schema, refused the run (ModelSchemaException: nothing was sent); the
            // message may be a report of several lines: each is printed as an error line of its own
            f.getMessage().lines().forEach(line -> err.println("error: " + line));
            return API_ERROR;
        }
        err.println("error: " + t);
        return 1;
    }
}
