package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.request.Style;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The request options of {@code generate} and {@code batch} (text to image). */
final class Options {
    @Option(names = "--style", converter = StyleConverter.class, description = "none, realistic, artistic, "
            + "illustration, 3d (default: ${DEFAULT-VALUE})", defaultValue = "none")
    Style style;

    @Option(names = {"--aspect-ratio", "--aspect"}, converter = AspectConverter.class,
            description = "1:1, 16:9, 21:9, 3:2, 2:3, 4:5, 5:4, 3:4, 4:3, 9:16, 9:21 (default 1:1)")
    AspectRatio aspect;

    @Option(names = "--size", paramLabel = "WxH", description = "a size in pixels, e.g. 1080x1350: the nearest aspect "
            + "ratio and megapixels (instead of --aspect-ratio and --megapixels)")
    String size;

    @Option(names = "--megapixels", converter = MegapixelsConverter.class, description = "1 or 0.25 (default 1)")
    Megapixels megapixels;

    @Option(names = "--steps", description = "denoising steps, 1-4 (num_inference_steps; default 4)")
    Integer steps;

    @Option(names = "--quality", description = "encoder quality 0-100 (output_quality; default 90)")
    Integer quality;

    @Option(names = "--format", converter = FormatConverter.class, defaultValue = "webp",
            description = "webp, jpg, png (default: ${DEFAULT-VALUE})")
    OutputFormat format;

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

    /** Applies the request settings these options describe (the defaults every prompt starts from). */
    void apply(ImageRequest.Builder b) {
        b.style(style).outputFormat(format).goFast(!noFast);
        if (size != null) {
            if (aspect != null || megapixels != null) {
                throw new Session.UsageException("give either --size or --aspect-ratio/--megapixels, not both");
            }
            String[] wh = size.strip().split("[xX×]");
            try {
                if (wh.length != 2) {
                    throw new NumberFormatException(size);
                }
                b.size(Integer.parseInt(wh[0].strip()), Integer.parseInt(wh[1].strip()));
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)) {
                    throw new Session.UsageException("--size " + size + ": " + e.getMessage());
                }
                throw new Session.UsageException("--size must be WIDTHxHEIGHT in pixels, e.g. 1024x768, was " + size);
            }
        }
        if (aspect != null) {
            b.aspectRatio(aspect);
        }
        if (megapixels != null) {
            b.megapixels(megapixels);
        }
        if (steps != null) {
            b.numInferenceSteps(steps);
        }
        if (quality != null) {
            b.outputQuality(quality);
        }
        if (seed != null) {
            b.seed(seed);
        }
    }

    static final class MegapixelsConverter implements ITypeConverter<Megapixels> {
        @Override
        public Megapixels convert(String value) {
            return Megapixels.of(value);
        }
    }

    static final class StyleConverter implements ITypeConverter<Style> {
        @Override
        public Style convert(String value) {
            return Style.of(value);
        }
    }

    static final class AspectConverter implements ITypeConverter<AspectRatio> {
        @Override
        public AspectRatio convert(String value) {
            return AspectRatio.of(value);
        }
    }

    static final class FormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return OutputFormat.of(value);
        }
    }
}
