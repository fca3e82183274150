package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.request.InputImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reads the CLI's INPUT and MASK arguments: a local image file, a directory of them, or an {@code https://} URL. */
final class Inputs {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".webp", ".gif");

    private Inputs() {}

    /** {@return one input image, checked now (a bad one throws IllegalArgumentException: exit code 2)} */
    static InputImage one(String arg) {
        String lower = arg.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return InputImage.of(URI.create(arg));
        }
        return InputImage.of(Path.of(arg));
    }

    /** {@return the images of every argument, a directory giving its image files in name order} */
    static List<InputImage> all(List<String> args) {
        List<InputImage> images = new ArrayList<>();
        for (String arg : args) {
            Path dir = arg.contains("://") ? null : Path.of(arg);
            if (dir != null && Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> found = files.filter(Files::isRegularFile).filter(Inputs::looksLikeAnImage).sorted()
                            .toList();
                    if (found.isEmpty()) {
                        throw new IllegalArgumentException("input directory " + dir + " has no PNG, JPEG, WebP or "
                                + "GIF file");
                    }
                    found.forEach(p -> images.add(InputImage.of(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                images.add(one(arg));
            }
        }
        return images;
    }

    /** {@return an input's file name without its extension (a URL's last path segment), for {@code {source}}} */
    static String stem(InputImage image) {
        String name = image.file().map(f -> String.valueOf(f.getFileName())).orElseGet(() -> image.url()
                .map(u -> u.getPath() == null ? "" : u.getPath().replaceFirst(".*/", "")).orElse(""));
        String stem = name.replaceFirst("\\.[^.]*$", "");
        return stem.isEmpty() ? "image" : stem;
    }

    private static boolean looksLikeAnImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
