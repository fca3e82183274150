package dev.fluxschnell.sdk.cache;

import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ModelRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A bounded, least-recently-used, in-process {@link ResultCache}. */
public final class InMemoryResultCache implements ResultCache {
    private final Map<String, GenerationResult> entries;

    /**
     * A cache keeping at most {@code maxEntries} results.
     *
     * @param maxEntries the most results kept, 1 or more
     */
    public InMemoryResultCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, GenerationResult> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized Optional<GenerationResult> get(ModelRequest request) {
        return Optional.ofNullable(entries.get(request.cacheKey())).filter(DirectoryResultCache::imagesAvailable);
    }

    @Override
    public synchronized void put(ModelRequest request, GenerationResult result) {
        entries.put(request.cacheKey(), result);
    }
}
