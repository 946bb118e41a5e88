package io.kfpoperator.apiserver.admission;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed serving certificate for a webhook on this machine, as {@code tls.crt}/{@code tls.key}
 * PEM files (what cert-manager and Helm write) and the {@code caBundle} that trusts it: the sandbox
 * and the tests serve the operator's webhook with it and register it in a ValidatingWebhookConfiguration.
 * Built with the JDK alone (a small DER writer): the JDK has no public X.509 builder, and Bouncy
 * Castle's jdk18on jars clash with the lts8on one jnats brings.
 *
 * @param certificatePem the certificate (EC P-256, SHA256withECDSA, its own CA), PEM
 * @param privateKeyPem  its key, PKCS#8 PEM
 */
public record WebhookCertificate(String certificatePem, String privateKeyPem) {

    private static final byte[] ECDSA_WITH_SHA256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};

    /** A certificate for {@code hosts} (DNS names or IPv4/IPv6 addresses), valid for {@code validity} from now. */
    public static WebhookCertificate selfSigned(List<String> hosts, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keys = generator.generateKeyPair();
            byte[] name = seq(set(seq(oid(2, 5, 4, 3), tlv(0x0c, hosts.get(0).getBytes(StandardCharsets.UTF_8)))));
            Instant now = Instant.now();
            List<byte[]> altNames = new ArrayList<>();
            for (String host : hosts) {
                altNames.add(isAddress(host) ? tlv(0x87, InetAddress.getByName(host).getAddress()) : tlv(0x82, host.getBytes(StandardCharsets.US_ASCII)));
            }
            byte[] extensions = seq(
                    seq(oid(2, 5, 29, 17), tlv(0x04, seq(altNames.toArray(byte[][]::new)))),
                    // Its own CA, so the caBundle is the certificate itself.
                    seq(oid(2, 5, 29, 19), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, seq(tlv(0x01, new byte[] {(byte) 0xff})))),
                    // digitalSignature and keyCertSign.
                    seq(oid(2, 5, 29, 15), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, tlv(0x03, new byte[] {0x02, (byte) 0x84}))));
            byte[] tbs = seq(
                    tlv(0xa0, tlv(0x02, new byte[] {0x02})),
                    tlv(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
                    seq(ECDSA_WITH_SHA256),
                    name,
                    seq(time(now.minus(Duration.ofMinutes(5))), time(now.plus(validity))),
                    name,
                    keys.getPublic().getEncoded(),
                    tlv(0xa3, extensions));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            byte[] certificate = seq(tbs, seq(ECDSA_WITH_SHA256), tlv(0x03, bits));
            // Parsed once: what is handed out is a certificate the JDK reads.
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
            return new WebhookCertificate(pem("CERTIFICATE", certificate), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a webhook certificate: " + e.getMessage(), e);
        }
    }

    /** {@code clientConfig.caBundle}: the certificate PEM, base64. */
    public String caBundle() {
        return Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII));
    }

    /** A server-side TLS context presenting this certificate (for a webhook served from the JDK's HttpsServer). */
    public SSLContext serverContext() {
        try {
            byte[] der = Base64.getMimeDecoder().decode(privateKeyPem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            Certificate certificate = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "webhook".toCharArray();
            store.setKeyEntry("webhook", key, password, new Certificate[] {certificate});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot serve with the webhook certificate: " + e.getMessage(), e);
        }
    }

    /** Writes {@code tls.crt} and {@code tls.key} (owner-only) into {@code dir}, which it creates. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tls.crt"), certificatePem, StandardCharsets.US_ASCII);
            Path key = dir.resolve("tls.key");
            Files.writeString(key, privateKeyPem, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own permissions apply.
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the webhook certificate to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isAddress(String host) {
        return host.contains(":") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
    private static byte[] time(Instant instant) {
        var utc = instant.atOffset(ZoneOffset.UTC);
        return utc.getYear() < 2050
                ? tlv(0x17, utc.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII))
                : tlv(0x18, utc.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int shift = 28;
            while (shift > 0 && (arc >> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((arc >> shift) & 0x7f));
            }
            out.write(arc & 0x7f);
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One DER tag-length-value. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((n >> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
