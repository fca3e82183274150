package dev.fluxschnell.sdk.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.storage.StoredImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ResultCache} that survives restarts: one small JSON file per request ({@code <cacheKey>.json}) in a local
 * directory, recording where the images were stored. An entry whose local ({@code file:}) images were deleted is a
 * miss. Writes are atomic (temporary file, then rename).
 */
public final class DirectoryResultCache implements ResultCache {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final Path dir;

    /**
     * A cache in {@code dir} (created when needed).
     *
     * @param dir the directory of the cache entries
     */
    public DirectoryResultCache(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir must not be null").toAbsolutePath().normalize();
    }

    @Override
    public Optional<GenerationResult> get(ModelRequest request) {
        Path file = dir.resolve(request.cacheKey() + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            List<GeneratedImage> images = new ArrayList<>();
            for (JsonNode i : n.path("images")) {
                JsonNode s = i.path("stored");
                StoredImage stored = s.isMissingNode() ? null : s.hasNonNull("download_url")
                        ? StoredImage.of(URI.create(s.get("location").asText()), s.path("size").asLong(),
                        s.path("content_type").asText(), URI.create(s.get("download_url").asText()))
                        : StoredImage.of(URI.create(s.get("location").asText()), s.path("size").asLong(),
                        s.path("content_type").asText());
                GeneratedImage.Builder ib = GeneratedImage.builder().index(i.path("index").asInt())
                        .remoteUrl(URI.create(i.path("remote_url").asText()))
                        .format(OutputFormat.of(i.path("format").asText())).stored(stored);
                if (n.hasNonNull("seed")) {
                    ib.seed(n.get("seed").asLong());
                }
                images.add(ib.build());
            }
            GenerationResult.Builder rb = GenerationResult.builder().predictionId(n.path("prediction_id").asText())
                    .request(request).images(images).cost(new BigDecimal(n.path("cost_usd").asText("0")));
            if (n.hasNonNull("seed")) {
                rb.seed(n.get("seed").asLong());
            }
            GenerationResult r = rb.build();
            return imagesAvailable(r) ? Optional.of(r) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable entry is a miss, never an error
        }
    }

    @Override
    public void put(ModelRequest request, GenerationResult result) {
        ObjectNode n = JSON.createObjectNode();
        n.put("prediction_id", result.predictionId());
        n.put("prompt", request.prompt());
        n.put("cost_usd", result.cost().toPlainString());
        result.seed().ifPresent(seed -> n.put("seed", seed));
        ArrayNode images = n.putArray("images");
        for (GeneratedImage img : result.images()) {
            ObjectNode i = images.addObject();
            i.put("index", img.index());
            i.put("remote_url", img.remoteUrl().toString());
            i.put("format", img.format().value());
            img.stored().ifPresent(s -> {
                ObjectNode st = i.putObject("stored");
                st.put("location", s.location().toString());
                st.put("size", s.sizeBytes());
                st.put("content_type", s.contentType());
                s.downloadUrl().ifPresent(u -> st.put("download_url", u.toString()));
            });
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".entry", ".part");
            Files.writeString(tmp, JSON.writeValueAsString(n), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(request.cacheKey() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result cache entry in " + dir, e);
        }
    }

    /** Whether every image of a result is still where it was stored (checked for local files only). */
    static boolean imagesAvailable(GenerationResult r) {
        return r.images().stream().allMatch(i -> i.stored().map(s -> !"file".equals(s.location().getScheme())
                || Files.isRegularFile(Path.of(s.location()))).orElse(false));
    }

    @Override
    public String toString() {
        return "DirectoryResultCache{" + dir + "}";
    }
}
