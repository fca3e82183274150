package dev.fluxschnell.examples.web;

import dev.fluxschnell.sdk.RequestOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may use the app, and how. Browsers sign in with a form (users from {@code web.users.*}) or, when an OIDC client
 * is configured ({@code spring.security.oauth2.client.*}), with the identity provider; their state-changing requests
 * carry the CSRF token the page's script reads from the {@code XSRF-TOKEN} cookie. Scripts send HTTP Basic
 * credentials on every request: that chain keeps no session and is the only one exempt from CSRF — a browser never
 * adds an {@code Authorization} header to a cross-site form, and the app never asks a browser for Basic credentials
 * (its 401 carries no Basic challenge), so none are cached to be replayed. The signed-in user is the quota subject
 * and owns the gallery, batches and progress streams; no request names a user.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebSettings.class)
class WebSecurity {
    /** The page's script, styles and images come from this app only; nothing may frame it. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' "
            + "'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";
    /** The user a sandbox without {@code web.users.*} (or OIDC) signs in as, with a password made at start. */
    static final String SANDBOX_USER = "demo";
    /** Why a {@code user} field is refused. */
    static final String NO_USER_FIELD = "'user' is not accepted: the signed-in user is the one who spends and sees";

    /**
     * The users who may sign in, and the password generated for the sandbox's {@value #SANDBOX_USER} when none are
     * configured.
     *
     * @param service the users, for Spring Security
     * @param generatedPassword the sandbox user's password, printed once at start
     */
    record Users(InMemoryUserDetailsManager service, Optional<String> generatedPassword) {}

    /** The encoder of {@code web.users.*.password}: the value names its encoding ({@code {bcrypt}...}). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The users from {@code web.users.*}; in the sandbox, without users or OIDC, {@value #SANDBOX_USER} with a generated
     * password. Outside the sandbox, no users and no OIDC stops the start: nobody could sign in, or everybody would.
     */
    @Bean
    Users webUsers(WebSettings settings, PasswordEncoder encoder, ObjectProvider<ClientRegistrationRepository> oidc) {
        List<UserDetails> users = new ArrayList<>();
        for (Map.Entry<String, WebSettings.User> e : settings.users().entrySet()) {
            String name = e.getKey();
            String password = e.getValue().password();
            if (!name.matches("[A-Za-z0-9_.@-]{1,64}")) {
                throw new IllegalStateException("web.users: a user name is 1-64 letters, digits or _.@-");
            }
            if (password == null || !password.startsWith("{")) {
                throw new IllegalStateException("web.users." + name + ".password must name its encoding, e.g. "
                        + "{bcrypt}$2y$10$... ({noop}... only for a demo)");
            }
            users.add(User.withUsername(name).password(password).roles(e.getValue().roles().toArray(String[]::new))
                    .build());
        }
        Optional<String> generated = Optional.empty();
        if (users.isEmpty() && oidc.getIfAvailable() == null) {
            if (!settings.sandbox()) {
                throw new IllegalStateException("No users: set web.users.NAME.password (and .roles), or configure an "
                        + "OIDC client (spring.security.oauth2.client.registration.*); see docs/web-example.md");
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            users.add(User.withUsername(SANDBOX_USER).password(encoder.encode(password)).roles("USER", "ADMIN")
                    .build());
            generated = Optional.of(password);
        }
        return new Users(new InMemoryUserDetailsManager(users), generated);
    }

    /**
     * The users for Spring Security's form login and HTTP Basic: only a lookup, so a {@code {noop}} demo password
     * is not re-encoded into an expensive one on first use.
     */
    @Bean
    UserDetailsService userDetailsService(Users users) {
        return name -> users.service().loadUserByUsername(name);
    }

    /** The limit of state-changing API requests per user ({@code web.rate-limit.*}). */
    @Bean
    UserRateLimit userRateLimit(WebSettings settings, ObjectProvider<Clock> clock) {
        return new UserRateLimit(settings.rateLimit(), clock.getIfAvailable(Clock::systemUTC));
    }

    /** The cap of JSON request bodies ({@code web.limits.json-body}), before Spring MVC reads them. */
    @Bean
    FilterRegistrationBean<BodyLimit> bodyLimit(WebSettings settings) {
        return new FilterRegistrationBean<>(new BodyLimit(settings.limits().jsonBody().toBytes()));
    }

    /**
     * Scripts: every request with HTTP Basic credentials. No session is read or made, so the credentials are checked
     * every time; exempt from CSRF because only a script sets this header.
     */
    @Bean
    @Order(1)
    SecurityFilterChain scripts(HttpSecurity http, UserRateLimit rateLimit) throws Exception {
        RequestMatcher basic = request -> {
            String auth = request.getHeader("Authorization");
            return auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6);
        };
        http.securityMatcher(basic)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(unauthorized()))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized()).accessDeniedHandler(forbidden()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY)))
                .addFilterAfter(rateLimit.filter(), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Browsers: form login (and OIDC login when a client is configured), a session, CSRF on every state-changing
     * request. An API call without a session is a 401 problem, a page a redirect to the login form. No session is
     * made before a successful login (no saved request), so anonymous requests cost no memory.
     */
    @Bean
    @Order(2)
    SecurityFilterChain browsers(HttpSecurity http, UserRateLimit rateLimit,
                                 ObjectProvider<ClientRegistrationRepository> oidc) throws Exception {
        RequestMatcher api = request -> request.getRequestURI().startsWith("/api/");
        http.authorizeHttpRequests(a -> a.requestMatchers("/login", "/error", "/actuator/health", "/s/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(f -> f.defaultSuccessUrl("/", true).permitAll())
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .csrf(c -> c.spa())
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(unauthorized(), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                request -> true)
                        .accessDeniedHandler(forbidden()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY)))
                .addFilterAfter(rateLimit.filter(), AuthorizationFilter.class);
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(o -> o.defaultSuccessUrl("/", true));
        }
        return http.build();
    }

    /** No endpoint takes a user name: {@code ?user=} (or a form field {@code user}) is refused with a 400. */
    @Bean
    WebMvcConfigurer refuseUserParameter() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
                                             Object handler) {
                        if (request.getParameter("user") != null) {
                            throw new IllegalArgumentException(NO_USER_FIELD);
                        }
                        return true;
                    }
                }).addPathPatterns("/api/**");
            }
        };
    }

    /** 401 as a problem, without a Basic challenge (a browser would cache the credentials it then asks for). */
    private static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> Problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                "Sign in first (scripts: HTTP Basic credentials on every request).");
    }

    /** 403 as a problem: a missing or wrong CSRF token, or a role the request needs. */
    private static AccessDeniedHandler forbidden() {
        return (request, response, e) -> Problems.write(response, HttpStatus.FORBIDDEN, "Forbidden",
                e instanceof org.springframework.security.web.csrf.CsrfException
                        ? "Missing or wrong CSRF token (send the XSRF-TOKEN cookie's value as X-XSRF-TOKEN)."
                        : "Not allowed.");
    }

    /**
     * The quota subject and owner of everything a user makes: the signed-in name (an OIDC login's {@code sub}), or a
     * hash of it when it is not a valid subject (over 128 characters, control characters).
     */
    static String subject(Principal principal) {
        String name = principal.getName();
        try {
            return RequestOptions.checkSubject(name);
        } catch (IllegalArgumentException | NullPointerException notASubject) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(name)
                        .getBytes(StandardCharsets.UTF_8));
                return "sha256:" + HexFormat.of().formatHex(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
