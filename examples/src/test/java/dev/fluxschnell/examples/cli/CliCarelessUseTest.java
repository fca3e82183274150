package dev.fluxschnell.examples.cli;

import static dev.fluxschnell.examples.cli.CliTestSupport.flux;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Careless CLI use: each case is one line naming the file, line or option, exit code 2, nothing sent or written. */
class CliCarelessUseTest {
    @TempDir
    static Path dir;

    static Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    static Stream<Arguments> cases() throws Exception {
        Path good = write("good.txt", "a red bicycle\n".getBytes(StandardCharsets.UTF_8));
        Path binary = write("binary.txt", new byte[] {'a', 0, 1, 2, (byte) 0xff, '\n'});
        Path latin1 = write("latin1.txt", "caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1));
        Path jsonTypes = write("types.jsonl", "{\"prompt\":\"ok\"}\n{\"prompt\":[\"a\",\"b\"]}\n"
                .getBytes(StandardCharsets.UTF_8));
        Path jsonSeed = write("seed.jsonl", "{\"prompt\":\"ok\",\"seed\":true}\n".getBytes(StandardCharsets.UTF_8));
        Path aFile = write("not-a-dir", new byte[] {1});
        String out = dir.resolve("out").toString();
        return Stream.of(
                Arguments.of(List.of("batch", binary.toString(), "--out", out), "binary.txt: looks like a binary file"),
                Arguments.of(List.of("batch", latin1.toString(), "--out", out), "latin1.txt: is not UTF-8 text"),
                Arguments.of(List.of("batch", dir.toString(), "--out", out), "is a directory, not a file"),
                Arguments.of(List.of("batch", dir.resolve("missing.txt").toString(), "--out", out),
                        "missing.txt: no such file"),
                Arguments.of(List.of("batch", jsonTypes.toString(), "--out", out),
                        "types.jsonl:2: 'prompt' must be a string, number or boolean, was a list"),
                Arguments.of(List.of("batch", jsonSeed.toString(), "--out", out),
                        "seed.jsonl:1: seed must be a whole number, was 'true'"),
                Arguments.of(List.of("batch", good.toString(), "--count", "0", "--out", out),
                        "--count must be at least 1, was 0"),
                Arguments.of(List.of("batch", good.toString(), "--concurrency", "5000", "--out", out),
                        "--concurrency must be between 1 and 1000, was 5000"),
                Arguments.of(List.of("batch", good.toString(), "--budget", "-1", "--out", out),
                        "--budget must be 0 or more USD, was -1"),
                Arguments.of(List.of("batch", good.toString(), "--out", aFile.toString()), "is a file, not a directory"),
                Arguments.of(List.of("generate", "", "--out", out), "prompt must not be blank"),
                Arguments.of(List.of("generate", "x", "--count", "0", "--out", out), "--count must be at least 1"),
                Arguments.of(List.of("generate", "x", "--out", aFile.toString()), "is a file, not a directory"),
                // a bad value: one line naming the flag (not the SDK's setter) and what it accepts
                Arguments.of(List.of("generate", "x", "--steps", "9", "--out", out),
                        "error: --steps must be between 1 and 4 (inclusive), was 9 for black-forest-labs/flux-schnell"),
                Arguments.of(List.of("batch", good.toString(), "--steps", "9", "--out", out),
                        "error: --steps must be between 1 and 4 (inclusive), was 9"),
                Arguments.of(List.of("generate", "x", "--quality", "101", "--out", out),
                        "error: --quality must be between 0 and 100 (inclusive), was 101"),
                Arguments.of(List.of("generate", "x", "--model", "flux-dev", "--guidance", "20", "--out", out),
                        "error: --guidance must be between 0 and 10 (inclusive), was 20.0 for black-forest-labs/flux-dev"),
                Arguments.of(List.of("generate", "x", "--seed", "99999999999999999999", "--out", out),
                        "error: --seed must be between -9223372036854775808 and 9223372036854775807"),
                Arguments.of(List.of("generate", "x", "--seed", "abc", "--out", out),
                        "error: --seed must be a whole number, was 'abc'"),
                Arguments.of(List.of("generate", "x", "--aspect-ratio", "7:5", "--out", out),
                        "error: --aspect-ratio '7:5' is not supported; allowed: 1:1, 16:9"),
                Arguments.of(List.of("generate", "x", "--format", "gif", "--out", out),
                        "error: --format 'gif' is not supported; allowed: webp, jpg, png"),
                Arguments.of(List.of("generate", "x", "--model", "flux-3", "--out", out),
                        "error: --model flux-3: model 'flux-3' is not one the SDK calls: flux-schnell, flux-dev"),
                Arguments.of(List.of("edit", "x.png", "--prompt", "x", "--model", "sdxl", "--out", out),
                        "error: --model sdxl: edit model 'sdxl' is not supported; allowed: kontext-pro"),
                Arguments.of(List.of("generate", "x", "--size", "big", "--out", out),
                        "error: --size must be WIDTHxHEIGHT"),
                Arguments.of(List.of("generate", "x", "--model", "flux-2-pro", "--size", "1000x1000", "--out", out),
                        "error: --size must be a multiple of 32, was 1000 (width) for black-forest-labs/flux-2-pro"),
                Arguments.of(List.of("batch", good.toString(), "--then", "upscale:3", "--out", out),
                        "error: --then upscale:3: scale must be 2 or 4, was 3"),
                Arguments.of(List.of("batch", good.toString(), "--then", "blur", "--out", out),
                        "error: --then blur: step 'blur' is not one of remove-background[:white], upscale"),
                Arguments.of(List.of("upscale", "x.png", "--scale", "two", "--out", out),
                        "error: --scale must be a whole number, was 'two'"),
                Arguments.of(List.of("generate", "x", "--bogus", "--out", out),
                        "error: Unknown option: '--bogus' (see flux generate --help)"),
                Arguments.of(List.of("batch", good.toString(), "--name", "{sku}", "--out", out),
                        "error: --name {sku}: there is no {sku}; the variables are {line}, {slug}, {name}, {prompt}"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("cases")
    void aCarelessCall_getsOneLine_exitCode2_andNothingIsSent(List<String> args, String message) {
        List<String> all = new ArrayList<>(args);
        all.add("--sandbox");
        CliTestSupport.Run run = flux(all.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isEqualTo(FluxCli.USAGE);
        assertThat(run.err()).contains(message).doesNotContain("Exception", "\tat ", "Usage:", "numInferenceSteps",
                "outputQuality");
        assertThat(run.err().strip().lines()).as("one line").hasSize(1);
        assertThat(run.err()).as("no emulator was even started: nothing could be sent").doesNotContain("SANDBOX");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aCsvWithAByteOrderMark_isRead() throws Exception {
        Path csv = write("bom.csv", ("\uFEFFprompt,style\nshoe,realistic\n").getBytes(StandardCharsets.UTF_8));
        CliTestSupport.Run run = flux("batch", csv.toString(), "--estimate");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 prompt(s)");
    }

    @Test
    void normalOutput_hasNoSdkLogLines() throws Exception {
        assertThat(org.slf4j.LoggerFactory.getLogger(dev.fluxschnell.sdk.FluxSchnellClient.class).isInfoEnabled())
                .as("the CLI's simplelogger.properties keeps the SDK at WARN").isFalse();
        Path txt = write("two.txt", "a\nb\n".getBytes(StandardCharsets.UTF_8));
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        CliTestSupport.Run run;
        try {
            run = flux("batch", txt.toString(), "--out", dir.resolve("logs").toString(), "--sandbox");
        } finally {
            System.setErr(realErr);
        }
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out() + run.err() + captured.toString(StandardCharsets.UTF_8))
                .doesNotContain("INFO", "DEBUG", "ForkJoinPool");
    }
}
