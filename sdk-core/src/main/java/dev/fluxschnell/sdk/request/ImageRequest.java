package dev.fluxschnell.sdk.request;

import dev.fluxschnell.sdk.internal.Checks;
import dev.fluxschnell.sdk.internal.Hashes;
import dev.fluxschnell.sdk.webhook.WebhookEventType;
import java.net.URI;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One image-generation request for flux-schnell: an immutable, validated value.
 *
 * <p>Defaults are the tuned set: WebP at quality 90, 4 steps, {@code go_fast} on, 1 megapixel, 1 output, no style, 1:1.
 * {@link Builder#build()} rejects invalid input with a message naming the field and its allowed range, before any
 * network call or cost.
 */
public final class ImageRequest implements ModelRequest {
    /** The longest prompt accepted, in characters. The model reads far fewer tokens; longer text is a mistake. */
    public static final int MAX_PROMPT_LENGTH = 10_000;

    private final String prompt;
    private final Style style;
    private final AspectRatio aspectRatio;
    private final OutputFormat outputFormat;
    private final int outputQuality;
    private final int numOutputs;
    private final int numInferenceSteps;
    private final Long seed;
    private final boolean goFast;
    private final Megapixels megapixels;
    private final boolean disableSafetyChecker;
    private final URI webhook;
    private final Set<WebhookEventType> webhookEvents;

    private ImageRequest(Builder b) {
        this.prompt = b.prompt;
        this.style = b.style;
        this.aspectRatio = b.aspectRatio;
        this.outputFormat = b.outputFormat;
        this.outputQuality = b.outputQuality;
        this.numOutputs = b.numOutputs;
        this.numInferenceSteps = b.numInferenceSteps;
        this.seed = b.seed;
        this.goFast = b.goFast;
        this.megapixels = b.megapixels;
        this.disableSafetyChecker = b.disableSafetyChecker;
        this.webhook = b.webhook;
        this.webhookEvents = Set.copyOf(b.webhookEvents);
    }

    /** {@return a new builder with the default settings} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return a request for {@code prompt} with all defaults}
     *
     * @param prompt the text describing the image
     */
    public static ImageRequest of(String prompt) {
        return builder().prompt(prompt).build();
    }

    /** {@return a builder holding this request's settings, to derive a variant} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.prompt = prompt;
        b.style = style;
        b.aspectRatio = aspectRatio;
        b.outputFormat = outputFormat;
        b.outputQuality = outputQuality;
        b.numOutputs = numOutputs;
        b.numInferenceSteps = numInferenceSteps;
        b.seed = seed;
        b.goFast = goFast;
        b.megapixels = megapixels;
        b.disableSafetyChecker = disableSafetyChecker;
        b.webhook = webhook;
        b.webhookEvents = EnumSet.noneOf(WebhookEventType.class);
        b.webhookEvents.addAll(webhookEvents);
        return b;
    }

    /** {@return flux-schnell, the text-to-image model} */
    @Override
    public Model model() {
        return Model.FLUX_SCHNELL;
    }

    /** {@return the prompt as the user wrote it} */
    @Override
    public String summary() {
        return prompt;
    }

    /** {@return no images: flux-schnell makes images from text only} */
    @Override
    public java.util.List<InputImage> inputImages() {
        return java.util.List.of();
    }

    /** {@return the prompt as the user wrote it} */
    public String prompt() {
        return prompt;
    }

    /** {@return the prompt sent to the model: the user's prompt with the style's suffix} */
    public String sentPrompt() {
        return style.apply(prompt);
    }

    /** {@return the style preset} */
    public Style style() {
        return style;
    }

    /** {@return the aspect ratio} */
    public AspectRatio aspectRatio() {
        return aspectRatio;
    }

    /** {@return the output format} */
    public OutputFormat outputFormat() {
        return outputFormat;
    }

    /** {@return the encoder quality, 0–100 (ignored by the model for PNG)} */
    public int outputQuality() {
        return outputQuality;
    }

    /** {@return how many images this one prediction produces, 1–4} */
    @Override
    public int numOutputs() {
        return numOutputs;
    }

    /** {@return the denoising steps, 1–4} */
    public int numInferenceSteps() {
        return numInferenceSteps;
    }

    /** {@return the seed, when one was set; otherwise the model picks a random one} */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** {@return whether the fp8 fast path is on (faster, but not deterministic even with a seed)} */
    public boolean goFast() {
        return goFast;
    }

    /** {@return the megapixel setting} */
    public Megapixels megapixels() {
        return megapixels;
    }

    /** {@return whether the model's safety checker is disabled} */
    public boolean disableSafetyChecker() {
        return disableSafetyChecker;
    }

    /** {@return the URL Replicate calls with prediction updates, if set} */
    public Optional<URI> webhook() {
        return Optional.ofNullable(webhook);
    }

    /** {@return which events are sent to the webhook; empty means Replicate's default (all events)} */
    public Set<WebhookEventType> webhookEvents() {
        return webhookEvents;
    }

    /**
     * {@return whether the model will return the same pixels for the same request: an explicit seed other than 0 and
     * {@code go_fast} off} flux-schnell treats seed 0 like no seed (it draws a random one), and its fp8 fast path is
     * not deterministic even with a seed.
     */
    public boolean isDeterministic() {
        return seed != null && seed != 0 && !goFast;
    }

    /**
     * {@return a stable hex key for the generation parameters (prompt, style and every model input; not the webhook):
     * equal for requests that ask the model for the same thing} Used by result caches and resume manifests.
     */
    @Override
    public String cacheKey() {
        return Hashes.of(prompt, style.name(), aspectRatio.value(), outputFormat.value(),
                Integer.toString(outputQuality), Integer.toString(numOutputs), Integer.toString(numInferenceSteps),
                seed == null ? "random" : Long.toString(seed), Boolean.toString(goFast), megapixels.value(),
                Boolean.toString(disableSafetyChecker));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ImageRequest)) {
            return false;
        }
        ImageRequest r = (ImageRequest) o;
        return outputQuality == r.outputQuality && numOutputs == r.numOutputs
                && numInferenceSteps == r.numInferenceSteps && goFast == r.goFast
                && disableSafetyChecker == r.disableSafetyChecker && prompt.equals(r.prompt) && style == r.style
                && aspectRatio == r.aspectRatio && outputFormat == r.outputFormat && Objects.equals(seed, r.seed)
                && megapixels == r.megapixels && Objects.equals(webhook, r.webhook)
                && webhookEvents.equals(r.webhookEvents);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prompt, style, aspectRatio, outputFormat, outputQuality, numOutputs, numInferenceSteps,
                seed, goFast, megapixels, disableSafetyChecker, webhook, webhookEvents);
    }

    @Override
    public String toString() {
        String shown = Checks.shorten(prompt);
        return "ImageRequest{prompt='" + shown + "', style=" + style + ", aspectRatio=" + aspectRatio.value()
                + ", outputFormat=" + outputFormat.value() + ", outputQuality=" + outputQuality + ", numOutputs="
                + numOutputs + ", numInferenceSteps=" + numInferenceSteps + ", seed=" + seed + ", goFast=" + goFast
                + ", megapixels=" + megapixels.value() + ", disableSafetyChecker=" + disableSafetyChecker
                + (webhook != null ? ", webhook=" + webhook + ", webhookEvents=" + webhookEvents : "") + "}";
    }

    /** Builds an {@link ImageRequest}; not thread-safe. */
    public static final class Builder {
        private String prompt;
        private Style style = Style.NONE;
        private AspectRatio aspectRatio = AspectRatio.SQUARE_1_1;
        private OutputFormat outputFormat = OutputFormat.WEBP;
        private int outputQuality = 90;
        private int numOutputs = 1;
        private int numInferenceSteps = 4;
        private Long seed;
        private boolean goFast = true;
        private Megapixels megapixels = Megapixels.ONE;
        private boolean disableSafetyChecker;
        private URI webhook;
        private Set<WebhookEventType> webhookEvents = EnumSet.noneOf(WebhookEventType.class);

        private Builder() {}

        /**
         * The text describing the image (required, non-blank, at most {@value #MAX_PROMPT_LENGTH} characters).
         *
         * @param prompt the text describing the image
         * @return this builder
         */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /**
         * The style preset (default {@link Style#NONE}).
         *
         * @param style the style preset, whose suffix is appended to the prompt
         * @return this builder
         */
        public Builder style(Style style) {
            this.style = nonNull(style, "style");
            return this;
        }

        /**
         * The aspect ratio (default 1:1).
         *
         * @param aspectRatio the aspect ratio of the images
         * @return this builder
         */
        public Builder aspectRatio(AspectRatio aspectRatio) {
            this.aspectRatio = nonNull(aspectRatio, "aspectRatio");
            return this;
        }

        /**
         * The output format (default WebP).
         *
         * @param outputFormat the image format to return
         * @return this builder
         */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = nonNull(outputFormat, "outputFormat");
            return this;
        }

        /**
         * Encoder quality 0–100 (default 90).
         *
         * @param outputQuality encoder quality, 0–100
         * @return this builder
         */
        public Builder outputQuality(int outputQuality) {
            this.outputQuality = outputQuality;
            return this;
        }

        /**
         * Images per prediction, 1–4 (default 1).
         *
         * @param numOutputs images per prediction, 1–4
         * @return this builder
         */
        public Builder numOutputs(int numOutputs) {
            this.numOutputs = numOutputs;
            return this;
        }

        /**
         * Denoising steps, 1–4 (default 4).
         *
         * @param numInferenceSteps denoising steps, 1–4
         * @return this builder
         */
        public Builder numInferenceSteps(int numInferenceSteps) {
            this.numInferenceSteps = numInferenceSteps;
            return this;
        }

        /**
         * A fixed seed for reproducible output (with {@code goFast(false)}); 0 means "random" to the model, as no
         * seed does.
         *
         * @param seed the seed; 0 means "random"
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Removes a seed set earlier: the model picks a random one.
         *
         * @return this builder
         */
        public Builder randomSeed() {
            this.seed = null;
            return this;
        }

        /**
         * The fp8 fast path (default true); turn off for deterministic output with a seed.
         *
         * @param goFast whether the fp8 fast path is on
         * @return this builder
         */
        public Builder goFast(boolean goFast) {
            this.goFast = goFast;
            return this;
        }

        /**
         * Aspect ratio and megapixels nearest to a size in pixels, for callers that think in sizes (e.g. 1792×1024 →
         * 16:9 at 1 MP, 512×512 → 1:1 at 0.25 MP). Rule: {@link AspectRatio#nearest} (within 15 %) and
         * {@link Megapixels#nearest} (within a factor of 2); the model's own sizes are those of the aspect ratio.
         *
         * @param width the wanted width in pixels
         * @param height the wanted height in pixels
         * @return this builder
         * @throws IllegalArgumentException naming the size and what flux-schnell can make, when no setting is close
         */
        public Builder size(int width, int height) {
            String size = width + "×" + height;
            AspectRatio ratio = AspectRatio.nearest(width, height).orElseThrow(() -> new IllegalArgumentException(
                    "size " + size + " has no close flux-schnell aspect ratio: they run from 9:21 to 21:9, and a size"
                            + " must be within 15% of one"));
            Megapixels mp = Megapixels.nearest((long) width * height).orElseThrow(() -> new IllegalArgumentException(
                    String.format(Locale.ROOT, "size %s is %.2f megapixels; flux-schnell makes images of about 0.25 or"
                            + " 1 megapixel, so sizes from 0.125 to 2 megapixels are accepted", size,
                            (double) width * height / Megapixels.ONE.pixels())));
            this.aspectRatio = ratio;
            this.megapixels = mp;
            return this;
        }

        /**
         * The megapixel setting (default {@link Megapixels#ONE}).
         *
         * @param megapixels the megapixel setting
         * @return this builder
         */
        public Builder megapixels(Megapixels megapixels) {
            this.megapixels = nonNull(megapixels, "megapixels");
            return this;
        }

        /**
         * Disables the model's safety checker (default false).
         *
         * @param disableSafetyChecker true to disable the model's safety checker
         * @return this builder
         */
        public Builder disableSafetyChecker(boolean disableSafetyChecker) {
            this.disableSafetyChecker = disableSafetyChecker;
            return this;
        }

        /**
         * A URL Replicate calls with updates of this prediction (absolute http or https; redirects are not followed).
         *
         * @param webhook the URL Replicate calls with updates (absolute http or https)
         * @return this builder
         */
        public Builder webhook(URI webhook) {
            Objects.requireNonNull(webhook, "webhook must not be null");
            if (!webhook.isAbsolute() || webhook.getHost() == null
                    || !("https".equalsIgnoreCase(webhook.getScheme()) || "http".equalsIgnoreCase(webhook.getScheme()))) {
                throw new IllegalArgumentException("webhook must be an absolute http(s) URL, was " + webhook);
            }
            this.webhook = webhook;
            return this;
        }

        /**
         * Which events to send to the webhook (default: Replicate's, all of them).
         *
         * @param events the events to send to the webhook; empty for Replicate's default
         * @return this builder
         */
        public Builder webhookEvents(Set<WebhookEventType> events) {
            Objects.requireNonNull(events, "webhookEvents must not be null");
            events.forEach(e -> Objects.requireNonNull(e, "webhookEvents must not contain null"));
            this.webhookEvents = events.isEmpty() ? EnumSet.noneOf(WebhookEventType.class) : EnumSet.copyOf(events);
            return this;
        }

        /**
         * Validates and builds the request.
         *
         * @return the validated request
         * @throws IllegalStateException when the prompt was never set
         * @throws IllegalArgumentException naming the field and allowed range when a value is out of range
         */
        public ImageRequest build() {
            if (prompt == null) {
                throw new IllegalStateException("prompt is required: call prompt(\"...\") before build()");
            }
            Checks.prompt(prompt, MAX_PROMPT_LENGTH);
            Checks.range("outputQuality", outputQuality, 0, 100);
            Checks.range("numOutputs", numOutputs, 1, 4);
            Checks.range("numInferenceSteps", numInferenceSteps, 1, 4);
            if (!webhookEvents.isEmpty() && webhook == null) {
                throw new IllegalStateException("webhookEvents needs a webhook(URI)");
            }
            return new ImageRequest(this);
        }

        private static <T> T nonNull(T value, String field) {
            if (value == null) {
                throw new NullPointerException(field + " must not be null");
            }
            return value;
        }
    }
}
