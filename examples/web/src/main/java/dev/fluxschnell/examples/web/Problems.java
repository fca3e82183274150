package dev.fluxschnell.examples.web;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.prompts.PromptFileException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 problem details ({@code application/problem+json}): a user's mistake is a 4xx
 * with what was wrong and nothing else (no stack trace, nothing logged); only the app's own failures (5xx) are logged,
 * with the request's text left out. Prompt files and templates list their problems by line ({@code problems}).
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    /** Something the caller named that is not there, or not theirs (the same answer: nothing is disclosed). */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String what) {
            super(what);
        }
    }

    /** A list at its cap: the user removes something first. */
    static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict(String what) {
            super(what);
        }
    }

    /** Something that was there and is no more: an expired share link. */
    static final class Gone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Gone(String what) {
            super(what);
        }
    }

    /** A request body or upload above its limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String what) {
            super(what);
        }
    }

    /** Too many requests: the user's rate limit, or too many open streams. */
    static final class TooMany extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooMany(String what) {
            super(what);
        }
    }

    @ExceptionHandler(PromptFileException.class)
    ProblemDetail promptFile(PromptFileException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Bad prompt file or template", e.getMessage());
        p.setProperty("problems", e.problems().stream().map(Problems::clean).toList());
        return p;
    }

    @ExceptionHandler({IllegalArgumentException.class, IllegalStateException.class})
    ProblemDetail badRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(Gone.class)
    ProblemDetail gone(Gone e) {
        return problem(HttpStatus.GONE, "Gone", e.getMessage());
    }

    @ExceptionHandler(TooLarge.class)
    ProblemDetail tooLarge(TooLarge e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Too large", e.getMessage());
    }

    @ExceptionHandler(TooMany.class)
    ProblemDetail tooMany(TooMany e) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage());
    }

    @ExceptionHandler(QuotaExceededException.class)
    ProblemDetail overQuota(QuotaExceededException e) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, "Quota exceeded", e.getMessage());
    }

    @ExceptionHandler(FluxSchnellException.class)
    ProblemDetail failed(FluxSchnellException e) {
        log.warn("Replicate failed: {}", clean(e.getMessage())); // the SDK's text, cleaned of control characters
        return problem(HttpStatus.BAD_GATEWAY, "Image generation failed", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected {} (request text left out)", e.getClass().getName(), scrubbed(e));
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The app failed; see its log.");
    }

    /** A JSON body above {@code web.limits.json-body} is a 413; any other unreadable body a 400 that echoes nothing. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
            }
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad request",
                "The body is not the JSON this endpoint takes."));
    }

    /** A problem with {@code detail} cleaned of control characters and cut to 2,000 characters. */
    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, clean(detail));
        p.setTitle(title);
        return p;
    }

    /** Writes a problem from a filter (outside Spring MVC): security refusals, body and rate limits. */
    static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        JsonStringEncoder json = JsonStringEncoder.getInstance();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"" + new String(json.quoteAsString(
                title)) + "\",\"status\":" + status.value() + ",\"detail\":\"" + new String(json.quoteAsString(
                clean(detail))) + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Text fit for a log line or an answer: control characters (CR, LF, ANSI escapes) as spaces, bidi overrides as
     * {@code ?}, at most 2,000 characters.
     */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 2000));
        text.codePoints().limit(2000).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' '
                : (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ? '?' : c));
        return sb.toString();
    }

    /** The exception's stack without its messages (they may hold request text): for the log. */
    private static Throwable scrubbed(Throwable e) {
        Throwable copy = new RuntimeException(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        if (e.getCause() != null && e.getCause() != e) {
            copy.initCause(scrubbed(e.getCause()));
        }
        return copy;
    }
}
