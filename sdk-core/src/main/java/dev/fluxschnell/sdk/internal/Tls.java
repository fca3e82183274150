package dev.fluxschnell.sdk.internal;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * TLS for the HTTP client the SDK builds: always the JDK's default context ({@link SSLContext#getDefault()}, so the
 * {@code javax.net.ssl.*} properties and {@link SSLContext#setDefault} apply as for any JDK client). For an https API
 * it is taken when the client is built, as the JDK's HTTP client does. For a plain-http API (an emulator, a local
 * proxy) it is taken at the first https connection, if one ever comes: the JDK's HTTP client asks its context for
 * default parameters as it is built, and making the default context initialises the TLS provider and parses the
 * trust store, 0.1-0.2 s of CPU in a fresh JVM that such a client never needs (measured in bench/, "The CLI"). That
 * client gets a context that asks for the default one on first use, and parameters that name only the protocols — TLS
 * 1.3 and 1.2, the JDK's client defaults, which the HTTP client looks for before it offers HTTP/2 — leaving cipher
 * suites and the rest to the default context; with {@code jdk.tls.client.protocols} set, nothing is deferred. Not API.
 */
final class Tls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Tls() {}

    /** {@return whether to take the default context only at a first https connection} */
    private static boolean deferred(boolean https) {
        return !https && System.getProperty("jdk.tls.client.protocols") == null;
    }

    /** {@return the context for an HTTP client of an API that is {@code https} or not} */
    static SSLContext context(boolean https) throws NoSuchAlgorithmException {
        return deferred(https) ? new SSLContext(new DeferredSpi(), null, "Default") {} : SSLContext.getDefault();
    }

    /** {@return the parameters for an HTTP client of an API that is {@code https} or not (a copy each time)} */
    static SSLParameters parameters(boolean https) throws NoSuchAlgorithmException {
        return deferred(https) ? new SSLParameters(null, PROTOCOLS.clone())
                : SSLContext.getDefault().getDefaultSSLParameters();
    }

    /** Makes the default context now: off the caller's critical path, before an https client needs it. */
    static void load() {
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            // fails again, and is reported, where a client needs it
        }
    }

    /** Hands every call to the JDK's default context, taken at the first. */
    private static final class DeferredSpi extends SSLContextSpi {
        private static SSLContext real() {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK's default TLS context could not be set up: " + e.getMessage(),
                        e);
            }
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("the SDK's TLS context is the JDK's default: it is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return real().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return real().getSupportedSSLParameters();
        }
    }
}
