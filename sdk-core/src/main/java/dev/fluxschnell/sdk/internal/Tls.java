package dev.fluxschnell.sdk.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for the HTTP client the SDK builds: the JDK's own, set up at the first https connection instead of when the
 * client is built. The JDK's HTTP client asks for its TLS context's default parameters as it is built, and answering
 * initialises the JDK's TLS provider (every cipher suite checked against the crypto providers) and reads and parses
 * every trusted certificate: about 0.1-0.2 s of CPU in a fresh JVM, paid even by a client that only ever talks plain
 * http (the CLI against the bundled emulator; measured in bench/, "The CLI"). So the client is given a context that
 * makes the real one on first use, and parameters that name only the protocols (TLS 1.3 and 1.2, the JDK's client
 * defaults; the HTTP client offers HTTP/2 only when it sees them), leaving the cipher suites, algorithm constraints
 * and everything else to the real context's defaults. The real context is the JDK's default in all but one respect:
 * its trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}) is read at the first certificate check.
 * When the JDK's TLS is configured by system property ({@code javax.net.ssl.keyStore}: client certificates;
 * {@code jdk.tls.client.protocols}) nothing is deferred. Not API.
 */
final class Tls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Tls() {}

    /** {@return whether the JDK's TLS is set up by system properties, so that it must be used as the JDK makes it} */
    private static boolean configured() {
        return System.getProperty("javax.net.ssl.keyStore") != null
                || System.getProperty("jdk.tls.client.protocols") != null;
    }

    /** {@return the context for the SDK's HTTP clients} */
    static SSLContext context() throws GeneralSecurityException {
        return configured() ? Real.context() : new SSLContext(new DeferredSpi(), null, "TLS") {};
    }

    /** {@return the parameters for the SDK's HTTP clients (a copy each time: the caller may change it)} */
    static SSLParameters parameters() throws GeneralSecurityException {
        return configured() ? Real.context().getDefaultSSLParameters() : new SSLParameters(null, PROTOCOLS.clone());
    }

    /** Sets up TLS now, trust store included: off the caller's critical path, before a first https connection. */
    static void load() {
        try {
            Real.context();
            Trust.manager();
        } catch (GeneralSecurityException | RuntimeException e) {
            // fails again, and is reported, at the first https connection
        }
    }

    /** The real context, made once: the JDK's TLS defaults, trust read at the first check. */
    private static final class Real {
        private static final SSLContext CONTEXT;
        private static final GeneralSecurityException FAILURE;

        static {
            SSLContext made = null;
            GeneralSecurityException failure = null;
            try {
                if (System.getProperty("javax.net.ssl.keyStore") != null) {
                    made = SSLContext.getDefault(); // its key managers read the key store
                } else {
                    made = SSLContext.getInstance("TLS"); // the same defaults as "Default"
                    made.init(null, new TrustManager[] {new DeferredTrustManager()}, null);
                }
            } catch (GeneralSecurityException e) {
                failure = e;
            }
            CONTEXT = made;
            FAILURE = failure;
        }

        static SSLContext context() throws GeneralSecurityException {
            if (CONTEXT == null) {
                throw FAILURE;
            }
            return CONTEXT;
        }

        /** {@link #context()} where the SPI cannot throw a checked exception. */
        static SSLContext unchecked() {
            try {
                return context();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK's TLS context could not be set up: " + e.getMessage(), e);
            }
        }
    }

    /** Hands every call to the real context, made on the first. */
    private static final class DeferredSpi extends SSLContextSpi {
        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("the SDK's TLS context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return Real.unchecked().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return Real.unchecked().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return Real.unchecked().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return Real.unchecked().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return Real.unchecked().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return Real.unchecked().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return Real.unchecked().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return Real.unchecked().getSupportedSSLParameters();
        }
    }

    /** The JDK's default trust manager, made on first use (as {@code SSLContext.getDefault()} makes its own). */
    private static final class Trust {
        private static final X509ExtendedTrustManager MANAGER;
        private static final Exception FAILURE;

        static {
            X509ExtendedTrustManager found = null;
            Exception failure = null;
            try {
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init((KeyStore) null);
                for (TrustManager m : f.getTrustManagers()) {
                    if (m instanceof X509ExtendedTrustManager x) {
                        found = x;
                        break;
                    }
                }
                if (found == null) {
                    failure = new IllegalStateException("the default trust manager factory made no X509 trust manager");
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                failure = e;
            }
            MANAGER = found;
            FAILURE = failure;
        }

        static X509ExtendedTrustManager manager() {
            return MANAGER;
        }

        static X509ExtendedTrustManager checked() throws CertificateException {
            if (MANAGER == null) {
                throw new CertificateException("the JDK's default trust store could not be loaded: " + FAILURE, FAILURE);
            }
            return MANAGER;
        }
    }

    /** Hands every check to the JDK's default trust manager, loaded at the first check. */
    private static final class DeferredTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            Trust.checked().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            Trust.checked().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            Trust.checked().checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            Trust.checked().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            Trust.checked().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            Trust.checked().checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509ExtendedTrustManager m = Trust.manager();
            return m == null ? new X509Certificate[0] : m.getAcceptedIssuers();
        }
    }
}
