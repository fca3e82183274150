package dev.fluxschnell.sdk.request;

/** The validation every request type shares: prompts and numeric ranges, with messages naming the field. Not API. */
final class Checks {
    private Checks() {}

    /** {@return {@code text} as shown in a description: up to 80 characters, longer ones cut with "..."} */
    static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /**
     * Checks a prompt: not blank, at most {@code maxLength} characters, no control characters (tab, CR and LF
     * allowed), no unpaired surrogates.
     *
     * @throws IllegalArgumentException saying which rule it breaks and where
     */
    static void prompt(String prompt, int maxLength) {
        if (prompt.isBlank()) {
            throw new IllegalArgumentException("prompt must not be blank");
        }
        if (prompt.length() > maxLength) {
            throw new IllegalArgumentException("prompt is " + prompt.length() + " characters; at most " + maxLength
                    + " are allowed");
        }
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw new IllegalArgumentException(
                        String.format("prompt contains control character U+%04X at index %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < prompt.length()
                    && Character.isLowSurrogate(prompt.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("prompt contains an unpaired UTF-16 surrogate at index " + i);
            }
        }
    }

    /**
     * Checks that a mask has its image's pixel size, when both sizes are known (null: not known yet).
     *
     * @throws IllegalArgumentException giving both sizes
     */
    static void maskSize(dev.fluxschnell.sdk.request.InputImage.Dimensions image,
                                dev.fluxschnell.sdk.request.InputImage.Dimensions mask) {
        if (image != null && mask != null && !image.equals(mask)) {
            throw new IllegalArgumentException("the mask is " + mask + " pixels but the image is " + image
                    + ": a mask must have the image's size");
        }
    }

    /**
     * Checks that {@code value} is in {@code [min, max]}.
     *
     * @throws IllegalArgumentException naming the field and the range
     */
    static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be between " + min + " and " + max + " (inclusive), was " + value);
        }
    }

    /**
     * Checks that {@code value} is in {@code [min, max]}.
     *
     * @throws IllegalArgumentException naming the field and the range
     */
    static void range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + " (inclusive), was "
                    + value);
        }
    }

    /**
     * Refuses a setting the model does not take.
     *
     * @param set whether the caller set it
     * @param takes whether the model has that input
     * @param setting the setting's name, as the message shows it
     * @param model the model's short name
     * @throws IllegalArgumentException naming the setting and the model
     */
    static void inputOf(boolean set, boolean takes, String setting, String model) {
        if (set && !takes) {
            throw new IllegalArgumentException(setting + " is not an input of " + model);
        }
    }
}
