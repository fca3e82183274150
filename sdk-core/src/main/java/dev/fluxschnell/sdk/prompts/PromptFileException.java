package dev.fluxschnell.sdk.prompts;

import java.util.List;

/**
 * A prompt file, catalogue or template that cannot be used; thrown before anything is sent. The message lists every
 * problem found (up to {@value #MAX_PROBLEMS}), each starting with {@code FILE:LINE}.
 */
public class PromptFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The most problems one exception lists. */
    public static final int MAX_PROBLEMS = 20;

    /** The problems listed, each starting with {@code FILE:LINE}. */
    private final List<String> problems;

    /**
     * An exception for these problems (each {@code FILE:LINE: what}).
     *
     * @param problems the problems, each {@code FILE:LINE: what}; the first {@value #MAX_PROBLEMS} are listed
     */
    public PromptFileException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
    }

    /**
     * An exception for one problem ({@code FILE:LINE: what}).
     *
     * @param problem the problem, {@code FILE:LINE: what}
     */
    public PromptFileException(String problem) {
        this(List.of(problem));
    }

    /** {@return the problems, each starting with {@code FILE:LINE}} */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        StringBuilder sb = new StringBuilder(problems.size() + " problems:");
        problems.stream().limit(MAX_PROBLEMS).forEach(p -> sb.append("\n  ").append(p));
        if (problems.size() > MAX_PROBLEMS) {
            sb.append("\n  ... and ").append(problems.size() - MAX_PROBLEMS).append(" more");
        }
        return sb.toString();
    }
}
