package dev.fluxschnell.examples.web;

import dev.fluxschnell.examples.web.Library.FavouriteCard;
import dev.fluxschnell.examples.web.Library.HistoryEntry;
import dev.fluxschnell.examples.web.Library.ShareCard;
import dev.fluxschnell.examples.web.Library.Usage;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The signed-in user's favourites, prompt history, share links and usage ({@code /api/v1/...}), and the one page that
 * needs no sign-in: a share link ({@code /s/{token}}), which shows its image and nothing else — its prompt only when
 * the owner chose to show it. Running a history entry again is {@link GenerationController}'s (it spends).
 */
@RestController
class LibraryController {
    private static final Set<String> SHARE_FIELDS = Set.of(GenerationController.IMAGE_ID, "show_prompt");

    private final Library library;

    LibraryController(Library library) {
        this.library = library;
    }

    /** The user's favourites, newest first. */
    @GetMapping("/api/v1/favourites")
    List<FavouriteCard> favourites(Principal principal) {
        return library.favourites(WebSecurity.subject(principal));
    }

    /**
     * Stars a result ({@code {"image_id"}}) or a prompt with its settings (the form's fields: prompt-file keys, checked
     * as a prompt file's row); the same one again is the same favourite; past the cap a 409.
     */
    @PostMapping("/api/v1/favourites")
    FavouriteCard star(@RequestBody Map<String, Object> form, Principal principal) {
        Map<String, String> fields = GenerationController.settings(form);
        String user = WebSecurity.subject(principal);
        String imageId = fields.remove(GenerationController.IMAGE_ID);
        if (imageId == null) {
            return library.starPrompt(user, fields);
        }
        if (!fields.isEmpty()) {
            throw new IllegalArgumentException("a starred image takes image_id only");
        }
        return library.starImage(user, imageId);
    }

    /** Removes one of the user's favourites. */
    @DeleteMapping("/api/v1/favourites/{id}")
    ResponseEntity<Void> unstar(@PathVariable String id, Principal principal) {
        library.unstar(WebSecurity.subject(principal), id);
        return ResponseEntity.noContent().build();
    }

    /** The user's requests, newest first; {@code q} (at most 100 characters) keeps those that contain it. */
    @GetMapping("/api/v1/history")
    List<HistoryEntry> history(@RequestParam(required = false) String q, Principal principal) {
        return library.history(WebSecurity.subject(principal), q);
    }

    /** Deletes one of the user's history entries. */
    @DeleteMapping("/api/v1/history/{id}")
    ResponseEntity<Void> deleteHistory(@PathVariable String id, Principal principal) {
        library.deleteHistory(WebSecurity.subject(principal), id);
        return ResponseEntity.noContent().build();
    }

    /** The user's share links, newest first, with whether each has expired. */
    @GetMapping("/api/v1/shares")
    List<ShareCard> shares(Principal principal) {
        return library.shares(WebSecurity.subject(principal));
    }

    /** A share link for one of the user's gallery images: {@code {"image_id", "show_prompt"}} (default false). */
    @PostMapping("/api/v1/shares")
    ShareCard share(@RequestBody Map<String, Object> form, Principal principal) {
        if (form.containsKey(GenerationController.USER)) {
            throw new IllegalArgumentException(WebSecurity.NO_USER_FIELD);
        }
        if (!SHARE_FIELDS.containsAll(form.keySet())) {
            throw new IllegalArgumentException("a share link takes image_id and show_prompt only");
        }
        return library.share(WebSecurity.subject(principal), String.valueOf(form.get(GenerationController.IMAGE_ID)),
                Boolean.TRUE.equals(form.get("show_prompt")) || "true".equals(form.get("show_prompt")));
    }

    /** Revokes one of the user's share links: it opens nothing from now on (404). */
    @DeleteMapping("/api/v1/shares/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id, Principal principal) {
        library.revoke(WebSecurity.subject(principal), id);
        return ResponseEntity.noContent().build();
    }

    /** The user's images, spend and failures: in all, by day, style, aspect ratio and model. */
    @GetMapping("/api/v1/usage")
    Usage usage(Principal principal) {
        return library.usage(WebSecurity.subject(principal));
    }

    /**
     * A share link's page, for anyone: the image, and its prompt only when the owner chose to show it; a link that
     * was revoked (or never made here) is a 404 page, one past its expiry a 410 page. Not cached, no referrer sent.
     */
    @GetMapping(path = "/s/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> sharedPage(@PathVariable String token) {
        HttpStatus status = HttpStatus.OK;
        String body;
        try {
            Library.Shared shared = library.open(token);
            String prompt = shared.prompt().map(HtmlUtils::htmlEscape).orElse(null);
            body = "<img src=\"/s/" + token + "/image\" alt=\"" + (prompt == null ? "A shared image" : prompt)
                    + "\">" + (prompt == null ? "" : "<p>" + prompt + "</p>");
        } catch (Problems.NotFound e) {
            status = HttpStatus.NOT_FOUND;
            body = "<p>There is no image at this link: it was never made here, or it was revoked.</p>";
        } catch (Problems.Gone e) {
            status = HttpStatus.GONE;
            body = "<p>This link has expired.</p>";
        }
        return ResponseEntity.status(status).header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex").contentType(MediaType.TEXT_HTML)
                .body("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                        + "content=\"width=device-width, initial-scale=1\"><title>Shared image</title><style>"
                        + "body{font-family:system-ui,sans-serif;margin:0;background:#1d1d1f;color:#f5f5f7;"
                        + "display:flex;min-height:100vh;align-items:center;justify-content:center}"
                        + "main{text-align:center;padding:1rem}img{max-width:92vw;max-height:80vh;border-radius:8px}"
                        + "p{max-width:60ch;margin:1rem auto}</style></head><body><main>" + body
                        + "</main></body></html>");
    }

    /** A share link's image, for anyone, while the link works (404 revoked, 410 expired). */
    @GetMapping("/s/{token}/image")
    ResponseEntity<FileSystemResource> sharedImage(@PathVariable String token) throws IOException {
        return GenerationController.file(library.open(token).file(), false);
    }
}
