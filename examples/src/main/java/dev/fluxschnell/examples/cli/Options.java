package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.OutputFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The request options of {@code generate} and {@code batch}. They become the settings every prompt starts from — a
 * map of the same keys a prompt-file row uses ({@link #defaults()}), so a flag and a row's {@code key=value} mean the
 * same thing, and a row's own settings win. This is the one place the CLI names request settings; what they mean,
 * and what each model accepts, is the SDK's {@link dev.fluxschnell.sdk.prompts.PromptFile}. Settings not given are
 * not sent: the model's defaults apply.
 */
final class Options {
    @Option(names = "--model", paramLabel = "MODEL", description = "the model of rows without their own model= "
            + "(default flux-schnell): a short name such as flux-dev or kontext-pro, or owner/name")
    String model;

    @Option(names = "--style", description = "none, realistic, artistic, illustration, 3d: a suffix of the prompt "
            + "(default none)")
    String style;

    @Option(names = {"--aspect-ratio", "--aspect"}, paramLabel = "RATIO", description = "aspect_ratio: 1:1, 16:9, "
            + "21:9, 3:2, 2:3, 4:5, 5:4, 3:4, 4:3, 9:16, 9:21 (default: the model's; flux-schnell 1:1)")
    String aspect;

    @Option(names = "--size", paramLabel = "WxH", description = "a size in pixels, e.g. 1080x1350: the nearest aspect "
            + "ratio and megapixels (instead of --aspect-ratio and --megapixels)")
    String size;

    @Option(names = "--megapixels", description = "megapixels: 1 or 0.25 (default: the model's; flux-schnell 1)")
    String megapixels;

    @Option(names = "--steps", description = "denoising steps (num_inference_steps; flux-schnell 1-4, default 4)")
    Integer steps;

    @Option(names = "--quality", description = "encoder quality 0-100 (output_quality; flux-schnell's default 80)")
    Integer quality;

    @Option(names = "--format", description = "output_format: webp, jpg, png (default: the model's; flux-schnell "
            + "webp)")
    String format;

    @Option(names = "--count", defaultValue = "1", description = "images per prompt, any number: split into "
            + "predictions of up to 4 (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", description = "fixed seed (with --no-fast for reproducible images)")
    Long seed;

    @Option(names = "--no-fast", description = "turn go_fast off (slower, deterministic with a seed)")
    boolean noFast;

    /** The number of images per prompt, checked. */
    int count() {
        if (count < 1) {
            throw new Session.UsageException("--count must be at least 1, was " + count);
        }
        return count;
    }

    /**
     * {@return the settings these options give, by prompt-file keys (the flags' own names are accepted aliases):
     * what every row starts from}
     */
    Map<String, String> defaults() {
        if (size != null && (aspect != null || megapixels != null)) {
            throw new Session.UsageException("give either --size or --aspect-ratio/--megapixels, not both");
        }
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "model", model);
        put(m, "style", style);
        put(m, "aspect", aspect);
        put(m, "size", size);
        put(m, "megapixels", megapixels);
        put(m, "steps", steps);
        put(m, "quality", quality);
        put(m, "format", format);
        put(m, "seed", seed);
        if (noFast) {
            m.putAll(noFast());
        }
        m.put("count", Integer.toString(count()));
        return m;
    }

    /** {@return the setting {@code --no-fast} stands for} */
    static Map<String, String> noFast() {
        return Map.of("go_fast", "false");
    }

    private static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }

    /** {@code --aspect-ratio} of the commands whose builders take an {@link AspectRatio}. */
    static final class AspectConverter implements ITypeConverter<AspectRatio> {
        @Override
        public AspectRatio convert(String value) {
            return AspectRatio.of(value);
        }
    }

    /** {@code --format} of the commands whose builders take an {@link OutputFormat}. */
    static final class FormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return OutputFormat.of(value);
        }
    }
}
