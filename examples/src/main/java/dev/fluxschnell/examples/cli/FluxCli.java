package dev.fluxschnell.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flux} command-line tool: generate one image or a batch from a file of prompts (with post-processing steps),
 * edit images, inpaint, upscale them, remove their backgrounds.
 * Exit codes: 0 all done, 1 some item failed, 2 bad input (nothing sent), 3 over budget (nothing sent).
 */
@Command(name = "flux", mixinStandardHelpOptions = true, versionProvider = FluxCli.Version.class,
        description = "Make and edit images with the Flux models on Replicate.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all done", "1:some item failed", "2:bad input (nothing sent)",
            "3:over budget (nothing sent)"},
        subcommands = {GenerateCommand.class, BatchCommand.class, EditCommand.class, InpaintCommand.class,
            UpscaleCommand.class, RemoveBackgroundCommand.class, AgainCommand.class, CommandLine.HelpCommand.class})
public final class FluxCli implements Runnable {
    /** Exit code: a problem with the call (options, missing token, unreadable prompt file, bad input image). */
    static final int USAGE = 2;
    /** Exit code: the estimate exceeds {@code --budget}; nothing was sent. */
    static final int OVER_BUDGET = 3;

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (for tests). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FluxCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof Session.UsageException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException) { // invalid settings: the SDK's validation messages
                cmd.getErr().println("error: " + e.getMessage());
                return USAGE;
            }
            cmd.getErr().println("error: " + e);
            return 1;
        });
        return cl;
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
