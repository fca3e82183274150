package dev.fluxschnell.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The CLI's command-line parser. Each command declares its options and parameters in code ({@link Command#declare}),
 * bound to its fields by lambdas; parsing, {@code --help} and the error lines all come from those declarations. No
 * annotations and no reflection: picocli, the CLI's parser until 0.3, built its model by reflection at every start,
 * about 0.2 s of the 0.35 s the first create is allowed (docs/design.md, "The CLI's start and memory").
 */
final class Cli {
    /** The width help text is wrapped to. */
    private static final int WIDTH = 100;
    /** The column where an option's description starts. */
    private static final int COLUMN = 30;
    /** The options every command has: help and the version. */
    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    private Cli() {}

    /** Where a command prints: its results on {@code out}; errors, and messages with {@code --json}, on {@code err}. */
    record Io(PrintWriter out, PrintWriter err) {}

    /** A command: declares its options, then runs with them. */
    interface Command {
        /** Declares this command's description, options, parameters and subcommands, bound to its fields. */
        void declare(Spec spec);

        /** {@return the exit code} Runs the command once its arguments are parsed into its fields. */
        int call(Io io) throws Exception;
    }

    /**
     * Text typed on the command line made a value. An {@link IllegalArgumentException} says what is accepted
     * ({@code "must be a whole number, was 'x'"}, or the SDK's message): the CLI names the flag ({@link Flags#refused}).
     */
    interface Converter<T> {
        /** {@return the value {@code text} stands for} */
        T convert(String text);
    }

    /**
     * A command line that cannot be parsed — an unknown option, a missing or refused value: one error line, exit code 2,
     * nothing sent.
     */
    static final class BadArguments extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArguments(String message) {
            super(message);
        }
    }

    /**
     * An option.
     *
     * @param names its names, e.g. {@code -y} and {@code --yes}
     * @param label what its value is called in help ({@code DIR}), or null for a switch
     * @param description what it does, for help
     * @param required whether it must be given
     * @param repeatable whether it may be given more than once (each value is kept); a switch always may
     * @param bind stores a value as typed ({@code ""} for a switch) in the command's field
     */
    record Option(List<String> names, String label, String description, boolean required, boolean repeatable,
                  Consumer<String> bind) {
        /** {@return its longest name: what messages call it} */
        String longestName() {
            return names.stream().reduce((a, b) -> b.length() > a.length() ? b : a).orElseThrow();
        }
    }

    /**
     * Positional parameters.
     *
     * @param label what they are called in help ({@code FILE})
     * @param min how many must be given
     * @param max how many may be given ({@link Integer#MAX_VALUE}: any number)
     * @param description what they are, for help
     * @param bind stores one as typed in the command's field
     */
    record Parameter(String label, int min, int max, String description, Consumer<String> bind) {}

    /** A command's name, description, options, parameters and subcommands: what it accepts and what help shows. */
    static final class Spec {
        private final String qualifiedName;
        private final List<String> description = new ArrayList<>();
        private final List<Option> options = new ArrayList<>();
        private final List<Parameter> parameters = new ArrayList<>();
        private final Map<String, Supplier<Command>> subcommands = new LinkedHashMap<>();
        private final List<String> footer = new ArrayList<>();

        /** An empty spec for the command called {@code qualifiedName} ({@code flux batch}). */
        Spec(String qualifiedName) {
            this.qualifiedName = qualifiedName;
        }

        /** {@return the command's full name, e.g. {@code flux models check}} */
        String qualifiedName() {
            return qualifiedName;
        }

        /** {@return this spec} Adds paragraphs of the command's description (the first is its summary). */
        Spec describe(String... paragraphs) {
            description.addAll(List.of(paragraphs));
            return this;
        }

        /** {@return this spec} Adds lines help prints last (e.g. the exit codes). */
        Spec footer(String... lines) {
            footer.addAll(List.of(lines));
            return this;
        }

        /**
         * {@return this spec} Adds an option taking a value.
         *
         * @param names its names, comma-separated ({@code "--aspect-ratio, --aspect"})
         * @param label what its value is called in help
         * @param description what it does
         * @param converter makes the value
         * @param field stores it
         */
        <T> Spec option(String names, String label, String description, Converter<T> converter, Consumer<T> field) {
            options.add(new Option(List.of(names.split(", ")), label, description, false, false,
                    text -> field.accept(converter.convert(text))));
            return this;
        }

        /** {@return this spec} Adds an option that may be given several times, each value added by {@code field}. */
        <T> Spec repeatableOption(String names, String label, String description, Converter<T> converter,
                                  Consumer<T> field) {
            options.add(new Option(List.of(names.split(", ")), label, description, false, true,
                    text -> field.accept(converter.convert(text))));
            return this;
        }

        /** {@return this spec} Adds an option taking text as it is typed. */
        Spec option(String names, String label, String description, Consumer<String> field) {
            return option(names, label, description, text -> text, field);
        }

        /** {@return this spec} Adds an option that must be given, taking text as it is typed. */
        Spec requiredOption(String names, String label, String description, Consumer<String> field) {
            options.add(new Option(List.of(names.split(", ")), label, description, true, false, field));
            return this;
        }

        /** {@return this spec} Adds a switch: an option without a value. */
        Spec flag(String names, String description, Runnable set) {
            options.add(new Option(List.of(names.split(", ")), null, description, false, true, text -> set.run()));
            return this;
        }

        /**
         * {@return this spec} Adds positional parameters, {@code min} to {@code max} of them, in the order declared.
         */
        Spec parameters(String label, int min, int max, String description, Consumer<String> field) {
            parameters.add(new Parameter(label, min, max, description, field));
            return this;
        }

        /** {@return this spec} Adds a subcommand, made only when it is run or help lists it. */
        Spec subcommand(String name, Supplier<Command> command) {
            subcommands.put(name, command);
            return this;
        }

        /** {@return the spec of subcommand {@code name}, declared on {@code command}} */
        Spec declared(String name, Command command) {
            Spec spec = new Spec(qualifiedName + " " + name);
            command.declare(spec);
            return spec;
        }

        /**
         * Parses {@code args} into the command's fields.
         *
         * @return what to do: run it, print its help or the version, or run a subcommand
         * @throws BadArguments for a command line that cannot be parsed
         */
        Parsed parse(List<String> args) {
            Map<String, Option> byName = new LinkedHashMap<>();
            for (Option o : options) {
                for (String n : o.names()) {
                    if (byName.put(n, o) != null || HELP.contains(n)) {
                        throw new IllegalStateException(qualifiedName + " declares " + n + " twice");
                    }
                }
            }
            List<String> positional = new ArrayList<>();
            // by identity: a record's equals would bootstrap ObjectMethods, ~20 ms of a fresh JVM's start
            Set<Option> given = Collections.newSetFromMap(new IdentityHashMap<>());
            boolean endOfOptions = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (endOfOptions || arg.equals("-") || !arg.startsWith("-")) {
                    if (positional.isEmpty() && !subcommands.isEmpty() && !endOfOptions) {
                        return subcommand(arg, args.subList(i + 1, args.size()));
                    }
                    positional.add(arg);
                    continue;
                }
                if (arg.equals("--")) {
                    endOfOptions = true;
                    continue;
                }
                if (HELP.contains(arg)) {
                    return new Parsed(this, arg.equals("-h") || arg.equals("--help") ? Parsed.Action.HELP
                            : Parsed.Action.VERSION);
                }
                int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
                String name = eq < 0 ? arg : arg.substring(0, eq);
                Option option = byName.get(name);
                if (option == null) {
                    throw bad("Unknown option: '" + name + "'" + suggestion(name, byName.keySet()));
                }
                String value;
                if (option.label() == null) {
                    if (eq >= 0) {
                        throw bad(name + " takes no value, was given '" + arg.substring(eq + 1) + "'");
                    }
                    value = "";
                } else if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size() && !isOption(args.get(i + 1), byName)) {
                    value = args.get(++i);
                } else {
                    throw bad("Missing required parameter for option '" + name + "' (" + option.label() + ")");
                }
                if (!option.repeatable() && given.contains(option)) {
                    throw bad("option '" + option.longestName() + "' (" + option.label()
                            + ") should be specified only once");
                }
                bind(option, value);
                given.add(option);
            }
            for (Option o : options) {
                if (o.required() && !given.contains(o)) {
                    throw bad("Missing required option: '" + o.longestName() + "=" + o.label() + "'");
                }
            }
            int next = 0;
            for (Parameter p : parameters) {
                int take = Math.min(p.max(), positional.size() - next);
                if (take < p.min()) {
                    throw bad("Missing required parameter: '" + p.label() + "'");
                }
                for (int k = 0; k < take; k++) {
                    bindParameter(p, positional.get(next++));
                }
            }
            if (next < positional.size()) {
                throw bad("Unmatched argument" + (positional.size() - next > 1 ? "s" : "") + ": '"
                        + String.join("', '", positional.subList(next, positional.size())) + "'");
            }
            return new Parsed(this, Parsed.Action.RUN);
        }

        private Parsed subcommand(String name, List<String> rest) {
            if (name.equals("help")) {
                Supplier<Command> of = rest.isEmpty() ? null : subcommands.get(rest.get(0));
                if (!rest.isEmpty() && of == null) {
                    throw bad("Unknown command: '" + rest.get(0) + "'" + suggestion(rest.get(0),
                            subcommands.keySet()));
                }
                return new Parsed(of == null ? this : declared(rest.get(0), of.get()), Parsed.Action.HELP);
            }
            Supplier<Command> of = subcommands.get(name);
            if (of == null) {
                throw bad("Unknown command: '" + name + "'" + suggestion(name, subcommands.keySet()));
            }
            Command command = of.get();
            Parsed parsed = declared(name, command).parse(rest);
            return parsed.command() != null ? parsed : new Parsed(parsed.spec(), parsed.action(), command);
        }

        /** {@return whether {@code arg} is an option, not a value: a declared one (or with "=value"), help or "--"} */
        private static boolean isOption(String arg, Map<String, Option> byName) {
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            return arg.equals("--") || HELP.contains(arg) || byName.containsKey(eq < 0 ? arg : arg.substring(0, eq));
        }

        /** Stores {@code value}; a value the converter refuses is one line naming the flag (no pointer to help). */
        private static void bind(Option option, String value) {
            try {
                option.bind().accept(value);
            } catch (IllegalArgumentException e) {
                throw new BadArguments(Flags.refused(option.longestName(), value, e.getMessage()));
            }
        }

        private void bindParameter(Parameter p, String value) {
            try {
                p.bind().accept(value);
            } catch (IllegalArgumentException e) {
                throw bad(p.label() + " " + value + ": " + e.getMessage());
            }
        }

        private BadArguments bad(String message) {
            return new BadArguments(message + " (see " + qualifiedName + " --help)");
        }

        /**
         * {@return {@code "; did you mean --budget?"} naming the known names close to {@code typed}, or nothing} Close:
         * starting with it, or within an edit distance that grows with its length (none for a name of 3 characters).
         */
        private static String suggestion(String typed, java.util.Collection<String> known) {
            int near = typed.length() <= 3 ? 0 : typed.length() <= 6 ? 1 : 2;
            List<String> close = known.stream().filter(k -> typed.length() > 3 && k.startsWith(typed)
                    || distance(k, typed) <= near).toList();
            return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
        }

        /** {@return the edit distance between {@code a} and {@code b} (Levenshtein)} */
        private static int distance(String a, String b) {
            int[] row = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                row[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                int diagonal = row[0];
                row[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int above = row[j];
                    row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
                            diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                    diagonal = above;
                }
            }
            return row[b.length()];
        }

        /** Prints the command's help: usage, description, parameters, options, subcommands and footer. */
        void usage(PrintWriter out) {
            StringBuilder usage = new StringBuilder("Usage: " + qualifiedName + " [OPTIONS]");
            for (Parameter p : parameters) {
                String one = p.max() > 1 ? p.label() + "..." : p.label();
                usage.append(' ').append(p.min() > 0 ? one : "[" + one + "]");
            }
            if (!subcommands.isEmpty()) {
                usage.append(" [COMMAND]");
            }
            out.println(usage);
            description.forEach(d -> wrap(out, "", d));
            if (!parameters.isEmpty()) {
                out.println("Parameters:");
                parameters.forEach(p -> row(out, p.label(), p.description()));
            }
            out.println("Options:");
            for (Option o : options) {
                String names = String.join(", ", o.names());
                row(out, (o.names().get(0).startsWith("--") ? "    " : "") + names
                        + (o.label() == null ? "" : "=" + o.label()), o.description());
            }
            row(out, "-h, --help", "Show this help message and exit.");
            row(out, "-V, --version", "Print version information and exit.");
            if (!subcommands.isEmpty()) {
                out.println("Commands:");
                subcommands.forEach((name, command) -> {
                    Spec spec = declared(name, command.get());
                    row(out, name, spec.description.isEmpty() ? "" : spec.description.get(0));
                });
                row(out, "help", "Show a command's help: help COMMAND.");
            }
            footer.forEach(out::println);
            out.flush();
        }

        /** Prints {@code name} and its description in two columns, the description wrapped. */
        private static void row(PrintWriter out, String name, String description) {
            String head = "  " + name;
            if (head.length() + 2 > COLUMN) {
                out.println(head);
                head = "";
            }
            wrap(out, head + " ".repeat(COLUMN - head.length()), description);
        }

        /** Prints {@code text} wrapped at {@link #WIDTH}, its first line after {@code first}, the others indented. */
        private static void wrap(PrintWriter out, String first, String text) {
            StringBuilder line = new StringBuilder(first);
            String indent = " ".repeat(first.length());
            for (String word : text.split(" ")) {
                if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
                    out.println(line.toString().stripTrailing());
                    line = new StringBuilder(indent);
                }
                if (line.length() > indent.length() && !Character.isWhitespace(line.charAt(line.length() - 1))) {
                    line.append(' ');
                }
                line.append(word);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /**
     * What parsing found.
     *
     * @param spec the command it is about
     * @param action what to do
     * @param command the command to run (for {@link Action#RUN} of a subcommand), else null
     */
    record Parsed(Spec spec, Action action, Command command) {
        /** What to do with a parsed command line. */
        enum Action {
            /** Run the command. */
            RUN,
            /** Print the command's help. */
            HELP,
            /** Print the version. */
            VERSION
        }

        /** A result with no command of its own to run (help, the version, a command with subcommands). */
        Parsed(Spec spec, Action action) {
            this(spec, action, null);
        }
    }
}
