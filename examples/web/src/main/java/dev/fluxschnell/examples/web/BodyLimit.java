package dev.fluxschnell.examples.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every request body that is not multipart (JSON above all) at {@code web.limits.json-body}: a declared length
 * above it is a 413 before anything is read; a chunked body is cut off while it is read (a 413 through
 * {@link Problems}). Multipart bodies are capped by {@code spring.servlet.multipart.*}, prompt files by
 * {@code web.limits.prompt-file}.
 */
final class BodyLimit extends OncePerRequestFilter {
    private final long max;

    BodyLimit(long max) {
        this.max = max;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > max) {
            Problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "Too large", message());
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream in;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (in == null) {
                    in = capped(super.getInputStream());
                }
                return in;
            }
        }, response);
    }

    private String message() {
        return "A request body takes at most " + max + " bytes.";
    }

    private ServletInputStream capped(ServletInputStream body) {
        return new ServletInputStream() {
            private long read;

            @Override
            public int read() throws IOException {
                int b = body.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = body.read(buf, off, len);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) throws IOException {
                read += n;
                if (read > max) {
                    throw new Problems.TooLarge(message());
                }
            }

            @Override
            public boolean isFinished() {
                return body.isFinished();
            }

            @Override
            public boolean isReady() {
                return body.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                body.setReadListener(listener);
            }
        };
    }
}
