package dev.fluxschnell.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's parser on its own: what it accepts, what it refuses and how it says so. */
class CliParserTest {
    /** A command with one of each kind of declaration. */
    static final class Sample implements Cli.Command {
        final List<String> files = new ArrayList<>();
        final List<String> tags = new ArrayList<>();
        String prompt;
        int count = 1;
        boolean yes;

        @Override
        public void declare(Cli.Spec spec) {
            spec.describe("A sample command.")
                    .parameters("FILE", 1, 2, "one or two files", files::add)
                    .requiredOption("--prompt", "TEXT", "what to make", v -> prompt = v)
                    .option("--count", "N", "how many", Flags::integer, v -> count = v)
                    .repeatableOption("--tag", "TAG", "repeatable", text -> text, tags::add)
                    .flag("-y, --yes", "do not ask", () -> yes = true);
        }

        @Override
        public int call(Cli.Io io) {
            return 0;
        }
    }

    private static Sample parsed(String... args) {
        Sample s = new Sample();
        Cli.Spec spec = new Cli.Spec("flux sample");
        s.declare(spec);
        assertThat(spec.parse(List.of(args)).action()).isEqualTo(Cli.Parsed.Action.RUN);
        return s;
    }

    private static String refusal(String... args) {
        Cli.Spec spec = new Cli.Spec("flux sample");
        new Sample().declare(spec);
        Throwable t = catchThrowable(() -> spec.parse(List.of(args)));
        assertThat(t).isInstanceOf(Cli.BadArguments.class);
        return t.getMessage();
    }

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign_inAnyOrderWithParameters() {
        Sample s = parsed("a.txt", "--prompt", "red bag", "--count=3", "-y", "--tag", "x", "b.txt", "--tag=y");
        assertThat(s.files).containsExactly("a.txt", "b.txt");
        assertThat(s.prompt).isEqualTo("red bag");
        assertThat(s.count).isEqualTo(3);
        assertThat(s.yes).isTrue();
        assertThat(s.tags).containsExactly("x", "y");
    }

    @Test
    void aDashIsAParameter_andAfterADoubleDashEverythingIs() {
        assertThat(parsed("-", "--prompt", "p").files).containsExactly("-");
        assertThat(parsed("--prompt", "p", "--", "--yes").files).containsExactly("--yes");
    }

    @Test
    void aValueThatIsAnOptionOfTheCommandIsNotTakenAsTheValue() {
        for (String option : List.of("--yes", "--count=2", "--help", "-V", "--")) {
            assertThat(refusal("a.txt", "--prompt", option)).as(option).isEqualTo(
                    "Missing required parameter for option '--prompt' (TEXT) (see flux sample --help)");
        }
        assertThat(parsed("a.txt", "--prompt", "-x").prompt).isEqualTo("-x");
        assertThat(parsed("a.txt", "--prompt", "--countdown").prompt).isEqualTo("--countdown");
    }

    @Test
    void aSingleValueOptionGivenTwiceIsRefused_aRepeatableOneKeepsEveryValue() {
        assertThat(refusal("a.txt", "--prompt", "p", "--count", "1", "--count=2")).isEqualTo(
                "option '--count' (N) should be specified only once (see flux sample --help)");
        assertThat(parsed("a.txt", "--prompt", "p", "--tag", "x", "--tag", "x", "-y", "--yes").tags)
                .containsExactly("x", "x");
    }

    @Test
    void aNameDeclaredTwiceIsAProgrammingError() {
        Cli.Spec spec = new Cli.Spec("flux twice").flag("--yes", "a", () -> { }).flag("-y, --yes", "b", () -> { });
        assertThat(catchThrowable(() -> spec.parse(List.of()))).isInstanceOf(IllegalStateException.class)
                .hasMessage("flux twice declares --yes twice");
    }

    @Test
    void eachRefusalIsOneLineNamingTheProblemAndWhereHelpIs() {
        assertThat(refusal("a.txt", "--prompt", "p", "--cont", "3")).isEqualTo(
                "Unknown option: '--cont'; did you mean --count? (see flux sample --help)");
        assertThat(refusal("a.txt", "--prompt", "p", "--count", "three")).as("a refused value: the flag alone")
                .isEqualTo("--count must be a whole number, was 'three'");
        assertThat(refusal("a.txt", "--prompt", "p", "-x")).as("no suggestion for a short name")
                .isEqualTo("Unknown option: '-x' (see flux sample --help)");
        assertThat(refusal("a.txt", "--prompt", "p", "--yes=no")).isEqualTo(
                "--yes takes no value, was given 'no' (see flux sample --help)");
        assertThat(refusal("a.txt")).isEqualTo("Missing required option: '--prompt=TEXT' (see flux sample --help)");
        assertThat(refusal("--prompt", "p")).isEqualTo("Missing required parameter: 'FILE' (see flux sample --help)");
        assertThat(refusal("a", "b", "c", "--prompt", "p")).isEqualTo(
                "Unmatched argument: 'c' (see flux sample --help)");
    }

    @Test
    void helpAndVersionWinWhereverTheyAre_evenOverAMissingOption() {
        Cli.Spec spec = new Cli.Spec("flux sample");
        new Sample().declare(spec);
        assertThat(spec.parse(List.of("a.txt", "--help")).action()).isEqualTo(Cli.Parsed.Action.HELP);
        assertThat(spec.parse(List.of("-V")).action()).isEqualTo(Cli.Parsed.Action.VERSION);
    }

    @Test
    void helpListsEveryDeclaration_wrapped() {
        Cli.Spec spec = new Cli.Spec("flux sample");
        new Sample().declare(spec);
        StringWriter out = new StringWriter();
        spec.usage(new PrintWriter(out));
        assertThat(out.toString()).contains("Usage: flux sample [OPTIONS] FILE...", "A sample command.",
                "  FILE ", "      --prompt=TEXT", "      --count=N", "  -y, --yes", "  -h, --help");
        assertThat(out.toString().lines()).allMatch(line -> line.length() <= 100);
    }

    @Test
    void theRootFindsCommandsAndTheirHelp_andSuggestsForATypo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli.Io io = new Cli.Io(new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(FluxCli.run(new String[] {"bach", "x.txt"}, io)).isEqualTo(FluxCli.USAGE);
        assertThat(err.toString().strip()).isEqualTo(
                "error: Unknown command: 'bach'; did you mean batch? (see flux --help)");
        assertThat(FluxCli.run(new String[] {"help", "batch"}, io)).isZero();
        assertThat(out.toString()).startsWith("Usage: flux batch [OPTIONS] [FILE]");
        assertThat(FluxCli.run(new String[] {"models", "check", "--help"}, io)).isZero();
        assertThat(out.toString()).contains("Usage: flux models check [OPTIONS] [MODEL...]");
    }
}
