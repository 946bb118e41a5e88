package io.kfpoperator.controller.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Principal;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The serving certificate of the webhook from a PEM pair on disk ({@code tls.crt}, {@code tls.key}),
 * as cert-manager and Helm's genSignedCert write them into a Secret. Read again when either file
 * changes, so a rotated certificate is served without a restart (a Secret volume swaps both at once).
 */
public final class PemKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "webhook";
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    /** The DER prefix that wraps a PKCS#1 RSA key into PKCS#8 (version 0, rsaEncryption), lengths filled in. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private final Path certFile;
    private final Path keyFile;
    private volatile Loaded loaded;

    private record Loaded(X509Certificate[] chain, PrivateKey key, String stamp) {
    }

    /** Reads the pair now: a missing or unreadable file fails the start, naming it. */
    public PemKeyManager(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.loaded = load();
    }

    /** The certificates served now (the leaf first). */
    public X509Certificate[] chain() {
        return current().chain().clone();
    }

    private Loaded current() {
        Loaded now = loaded;
        String stamp = stamp();
        if (stamp != null && !stamp.equals(now.stamp())) {
            try {
                now = load();
                loaded = now;
            } catch (IllegalArgumentException e) {
                // Half-written during a rotation: keep serving the previous pair until both files are complete.
            }
        }
        return now;
    }

    private String stamp() {
        try {
            return Files.getLastModifiedTime(certFile) + "/" + Files.size(certFile) + "/" + Files.getLastModifiedTime(keyFile) + "/" + Files.size(keyFile);
        } catch (IOException e) {
            return null;
        }
    }

    private Loaded load() {
        String stamp = stamp();
        X509Certificate[] chain = certificates(read(certFile));
        PrivateKey key = privateKey(read(keyFile));
        return new Loaded(chain, key, stamp);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every CERTIFICATE block of {@code pem}, in order. */
    public static X509Certificate[] certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der(m.group(2)))));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no -----BEGIN CERTIFICATE----- block");
        }
        return certificates.toArray(X509Certificate[]::new);
    }

    /** A PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}) key. */
    static PrivateKey privateKey(String pem) {
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = der(m.group(2));
            try {
                switch (type) {
                    case "PRIVATE KEY" -> {
                        return pkcs8(der);
                    }
                    case "RSA PRIVATE KEY" -> {
                        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapPkcs1(der)));
                    }
                    case "EC PRIVATE KEY" -> throw new IllegalArgumentException(
                            "EC PRIVATE KEY (SEC 1) is not read; write the key as PKCS#8 (cert-manager: spec.privateKey.encoding: PKCS8)");
                    default -> {
                        // Not a key block (e.g. EC PARAMETERS before the key): look further.
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("not a valid " + type + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("no -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- block");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static byte[] der(String base64) {
        return Base64.getMimeDecoder().decode(base64);
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        int n = value.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(value, 0, out, 1 + length.length, n);
        return out;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return matches(keyType) ? ALIAS : null;
    }

    private boolean matches(String keyType) {
        String algorithm = current().key().getAlgorithm();
        return keyType == null || keyType.equalsIgnoreCase(algorithm) || (algorithm.equals("EC") && keyType.startsWith("EC"))
                || (algorithm.equals("RSA") && keyType.startsWith("RSA"));
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? current().chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current().key() : null;
    }
}
