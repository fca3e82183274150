package dev.fluxschnell.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code index.html}: a responsive grid of the stored images with their prompt, model, settings, size, seed,
 * cost and a download link.
 */
final class Gallery {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One image on the page: where to load it from (relative to the page, or a URL) and what made it.
     *
     * @param settings what the request set besides its prompt ({@code key=value ...}), empty when nothing
     * @param size {@code WIDTHxHEIGHT} from the image's sidecar, empty when unknown
     */
    record Card(String href, String prompt, String model, String settings, String size, String format, String seed,
                String costUsd) {}

    private Gallery() {}

    /** Writes the gallery of {@code cards}, in order, into {@code dir}; returns the page's path. */
    static Path write(Path dir, List<Card> cards, boolean sandbox) throws IOException {
        StringBuilder figures = new StringBuilder();
        for (Card c : cards) {
            figures.append("""
                    <figure class="card">
                      <a href="%1$s"><img src="%1$s" alt="%2$s" loading="lazy"></a>
                      <figcaption>
                        <p class="prompt">%2$s</p>
                        <dl>
                          <dt>Model</dt><dd>%3$s</dd>%4$s
                          <dt>Seed</dt><dd>%5$s</dd><dt>Cost</dt><dd>$%6$s</dd>
                        </dl>
                        <a class="download" href="%1$s" download>Download %7$s</a>
                      </figcaption>
                    </figure>
                    """.formatted(html(c.href()), html(c.prompt()), html(c.model()),
                    (c.settings().isEmpty() ? "" : "<dt>Settings</dt><dd>" + html(c.settings()) + "</dd>")
                            + (c.size().isEmpty() ? "" : "<dt>Size</dt><dd>" + html(c.size()) + "</dd>"),
                    html(c.seed()), html(c.costUsd()), html(c.format().toUpperCase(Locale.ROOT))));
        }
        int images = cards.size();
        String banner = sandbox ? "<p class=\"sandbox\">Sandbox run: these are placeholder images from the local "
                + "emulator, not model output.</p>" : "";
        String page = """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>flux gallery (%d images)</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; background: #f5f5f7; color: #1d1d1f; }
                  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
                  .sandbox { background: #fff3cd; border: 1px solid #e0c36a; padding: .6rem 1rem; border-radius: 6px; }
                  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1rem; }
                  .card { margin: 0; background: #fff; border-radius: 10px; overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
                  .card img { width: 100%%; height: 220px; object-fit: cover; display: block; background: #ddd; }
                  figcaption { padding: .7rem .9rem 1rem; font-size: .85rem; }
                  .prompt { margin: 0 0 .5rem; font-weight: 600; }
                  dl { display: grid; grid-template-columns: auto 1fr; gap: .15rem .6rem; margin: 0 0 .6rem; color: #555; }
                  dt { font-weight: 600; } dd { margin: 0; }
                  .download { display: inline-block; padding: .35rem .7rem; border-radius: 6px; background: #0a66c2; color: #fff; text-decoration: none; }
                </style>
                </head>
                <body>
                <h1>flux gallery: %d images</h1>
                %s
                <main class="grid">
                %s</main>
                </body>
                </html>
                """.formatted(images, images, banner, figures);
        Path target = dir.resolve("index.html");
        Path tmp = Files.createTempFile(dir, ".index", ".html.part");
        Files.writeString(tmp, page, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /**
     * {@return the size of a stored local image, {@code WIDTHxHEIGHT}, as its JSON sidecar ({@code <image>.json})
     * records it; empty when the sidecar is missing or does not say}
     */
    static String size(Path image) {
        Path sidecar = image.resolveSibling(image.getFileName() + ".json");
        try {
            JsonNode n = JSON.readTree(sidecar.toFile());
            String w = n.path("image_width").asText("");
            String h = n.path("image_height").asText("");
            return w.isEmpty() || h.isEmpty() ? "" : w + "x" + h;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** {@return the image's format as its content type names it ({@code image/webp}: {@code webp})} */
    static String format(StoredImage image) {
        String type = image.contentType();
        return type == null ? "" : type.substring(type.indexOf('/') + 1);
    }

    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
