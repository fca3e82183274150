package dev.fluxschnell.examples.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per signed-in user over the API's state-changing requests (everything but GET, HEAD and OPTIONS
 * under {@code /api/}): {@code burst} at once, then {@code perMinute}; past it a 429 with {@code Retry-After}. Small
 * and in memory, so per replica (the quota, which bounds spending, is shared through Redis when configured); at most
 * {@value #USERS} users' buckets are kept, the one used longest ago forgotten first.
 */
final class UserRateLimit {
    static final int USERS = 10_000;
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final double perMillisecond;
    private final int burst;
    private final Clock clock;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > USERS;
        }
    };

    UserRateLimit(WebSettings.RateLimit settings, Clock clock) {
        if (settings.perMinute() < 1 || settings.burst() < 1) {
            throw new IllegalArgumentException("web.rate-limit.per-minute and burst must be positive");
        }
        this.perMillisecond = settings.perMinute() / 60_000.0;
        this.burst = settings.burst();
        this.clock = clock;
    }

    /** Takes one request from the user's bucket: 0 when allowed, else the seconds until the next one is. */
    synchronized long tryAcquire(String user) {
        long now = clock.millis();
        double[] b = buckets.computeIfAbsent(user, k -> new double[] {burst, now}); // {tokens, last refill}
        b[0] = Math.min(burst, b[0] + Math.max(0, now - b[1]) * perMillisecond);
        b[1] = now;
        if (b[0] >= 1) {
            b[0] -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b[0]) / perMillisecond / 1000));
    }

    /** The filter that applies the limit, placed after authentication in the security chains. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (!SAFE.contains(request.getMethod()) && request.getRequestURI().startsWith("/api/")
                        && auth != null && auth.isAuthenticated()) {
                    long wait = tryAcquire(WebSecurity.subject(auth));
                    if (wait > 0) {
                        response.setHeader("Retry-After", Long.toString(wait));
                        Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                                "Too many requests from this user; try again in " + wait + " s.");
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }
}
