package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.storage.ImageContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a prediction's output as a stream: {@code data:} URLs are decoded, {@link Spool} references (large inline
 * images already decoded to a file) are opened, {@code https:} URLs are fetched only from allowed hosts, without
 * following redirects, no image may exceed the size cap, and every download (headers and body) must complete within
 * {@code requestTimeout}. Not API.
 *
 * <p>The API token is sent with a download only to Replicate's own delivery hosts ({@link #TOKEN_HOSTS}, https):
 * Replicate's API description says output files may require it, and the official Python client fetches outputs with
 * its Authorization header. Never to any other host (including hosts added to {@code downloadHosts}), never over
 * plain http, and never on a redirect (none is followed).
 */
public final class Downloader {
    /** Downloads one client runs at the same time; more wait their turn (a hostile answer cannot open thousands). */
    public static final int MAX_CONCURRENT = 64;
    /** Hosts that receive the API token with a download: Replicate's file delivery domain and its subdomains. */
    public static final List<String> TOKEN_HOSTS = List.of("replicate.delivery", "*.replicate.delivery");
    private final ClientConfig config;
    private final Spool spool;
    private final AsyncGate gate = new AsyncGate(MAX_CONCURRENT);

    /** A downloader for the given settings, opening spool references of {@code spool}. */
    public Downloader(ClientConfig config, Spool spool) {
        this.config = config;
        this.spool = spool;
    }

    /** Opens {@code url} as image content; the future fails with {@link DownloadException} when it cannot. */
    public CompletableFuture<ImageContent> open(URI url, OutputFormat format) {
        try {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("data")) {
                return CompletableFuture.completedFuture(decodeData(url, format));
            }
            if (Spool.isReference(url)) {
                return CompletableFuture.completedFuture(openSpooled(url, format));
            }
            checkAllowed(url, scheme);
        } catch (DownloadException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(config.requestTimeout()).GET();
        if (sendsToken(url)) {
            b.header("Authorization", "Bearer " + config.apiToken());
        }
        HttpRequest request = b.build();
        // The gate's permit is held until the content's stream is closed (storage has read it), so at most
        // MAX_CONCURRENT bodies are open at once.
        CompletableFuture<ImageContent> content = new CompletableFuture<>();
        gate.run(() -> {
            CompletableFuture<Void> released = new CompletableFuture<>();
            fetch(request, url, format, () -> released.complete(null)).whenComplete((c, e) -> {
                if (e != null) {
                    released.complete(null);
                    content.completeExceptionally(e);
                } else {
                    content.complete(c);
                }
            });
            return released;
        });
        return content;
    }

    private CompletableFuture<ImageContent> fetch(HttpRequest request, URI url, OutputFormat format,
                                                  Runnable onClose) {
        long deadline = System.nanoTime() + config.requestTimeout().toNanos(); // the whole download, body included
        return config.send(request, info -> new DownloadBody(deadline, describe(url),
                        config.maxImageBytes(), info.headers().firstValueAsLong("Content-Length").orElse(-1L), onClose))
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = ReplicateApi.unwrap(error);
                        throw new DownloadException("download of " + describe(url) + " failed: " + cause, true, cause);
                    }
                    int status = response.statusCode();
                    if (status != 200) {
                        closeQuietly(response.body());
                        boolean retryable = status == 408 || status == 429 || status >= 500;
                        String why = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
                        throw new DownloadException("download of " + describe(url) + " answered HTTP " + status + why,
                                retryable, null);
                    }
                    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
                    if (length > config.maxImageBytes()) {
                        closeQuietly(response.body());
                        throw new DownloadException("image of " + length + " bytes exceeds the limit of "
                                + config.maxImageBytes() + " bytes", false, null);
                    }
                    return length >= 0 ? ImageContent.of(response.body(), format, length)
                            : ImageContent.of(response.body(), format);
                });
    }

    /** Whether a download of {@code url} carries the API token: https to one of {@link #TOKEN_HOSTS} only. */
    static boolean sendsToken(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return "https".equalsIgnoreCase(url.getScheme()) && hostAllowed(host, TOKEN_HOSTS);
    }

    private ImageContent openSpooled(URI url, OutputFormat format) {
        Spool.Entry entry = spool.entry(url).orElseThrow(() -> new DownloadException(
                "output refers to an inline image this client does not hold", false, null));
        try {
            return ImageContent.of(spool.open(entry), format, entry.size());
        } catch (IOException e) {
            throw new DownloadException("inline image could not be read back: " + e.getMessage(), false, e);
        }
    }

    private void checkAllowed(URI url, String scheme) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean schemeOk = scheme.equals("https") || scheme.equals("http") && isLoopbackAddress(host);
        if (!schemeOk || !hostAllowed(host, config.downloadHosts())) {
            throw new DownloadException("refusing to download output from " + describe(url)
                    + ": only https from the allowed hosts " + config.downloadHosts()
                    + " (plain http only for loopback hosts listed there)", false, null);
        }
    }

    private static final java.util.regex.Pattern LOOPBACK_V4 =
            java.util.regex.Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    /**
     * Whether {@code host} is a literal loopback address ({@code 127.0.0.0/8}, {@code ::1}) or {@code localhost}:
     * decided on the address, so a name such as {@code 127.x.example.com} is not loopback.
     *
     * @param host a URL's host
     * @return whether it is this machine
     */
    public static boolean isLoopbackAddress(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("localhost")) {
            return true;
        }
        if (LOOPBACK_V4.matcher(h).matches()) {
            return java.util.Arrays.stream(h.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
        }
        return h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** Whether {@code host} matches one of the patterns: exact names, or {@code *.suffix} for any subdomain. */
    static boolean hostAllowed(String host, List<String> patterns) {
        for (String p : patterns) {
            String pattern = p.toLowerCase(Locale.ROOT);
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private ImageContent decodeData(URI url, OutputFormat format) {
        String s = url.getSchemeSpecificPart();
        int comma = s == null ? -1 : s.indexOf(',');
        if (comma < 0 || !s.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw new DownloadException("data: URL output is not base64-encoded", false, null);
        }
        long decodedEstimate = (s.length() - comma - 1) * 3L / 4;
        if (decodedEstimate > config.maxImageBytes()) {
            throw new DownloadException("data: URL image of about " + decodedEstimate + " bytes exceeds the limit of "
                    + config.maxImageBytes() + " bytes", false, null);
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(s.substring(comma + 1).getBytes(StandardCharsets.US_ASCII));
            return ImageContent.of(new ByteArrayInputStream(bytes), format, bytes.length);
        } catch (IllegalArgumentException e) {
            throw new DownloadException("data: URL output is not valid base64", false, e);
        }
    }

    private static String describe(URI url) {
        return "data".equalsIgnoreCase(url.getScheme()) ? "data: URL" : url.getScheme() + "://" + url.getHost()
                + (url.getPort() > 0 ? ":" + url.getPort() : "") + url.getPath();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** A download failure; {@code retryable} says whether trying again may help. */
    public static final class DownloadException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        DownloadException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        /** Whether trying again may help. */
        public boolean retryable() {
            return retryable;
        }
    }
}
