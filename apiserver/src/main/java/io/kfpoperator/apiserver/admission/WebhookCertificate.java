package io.kfpoperator.apiserver.admission;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed serving certificate for a webhook on this machine, as {@code tls.crt}/{@code tls.key}
 * PEM files (what cert-manager and Helm write) and the {@code caBundle} that trusts it: the sandbox
 * and the tests serve the operator's webhook with it and register it in a ValidatingWebhookConfiguration.
 *
 * @param certificatePem the certificate, PEM
 * @param privateKeyPem  its key, PKCS#8 PEM
 */
public record WebhookCertificate(String certificatePem, String privateKeyPem) {

    /** A certificate for {@code hosts} (DNS names or IP addresses), valid for {@code validity} from now. */
    public static WebhookCertificate selfSigned(List<String> hosts, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + hosts.get(0));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, keys.getPublic());
            List<GeneralName> names = new ArrayList<>();
            for (String host : hosts) {
                names.add(new GeneralName(host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')
                        ? GeneralName.iPAddress : GeneralName.dNSName, host));
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            // Its own CA: the caBundle is the certificate itself.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new WebhookCertificate(pem(certificate), pem(keys.getPrivate()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a webhook certificate: " + e.getMessage(), e);
        }
    }

    /** {@code clientConfig.caBundle}: the certificate PEM, base64. */
    public String caBundle() {
        return Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII));
    }

    /** A server-side TLS context presenting this certificate (for a webhook served from the JDK's HttpsServer). */
    public javax.net.ssl.SSLContext serverContext() {
        try {
            byte[] der = Base64.getMimeDecoder().decode(privateKeyPem.replaceAll("-----[A-Z ]+-----", ""));
            java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
            java.security.cert.Certificate certificate = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "webhook".toCharArray();
            store.setKeyEntry("webhook", key, password, new java.security.cert.Certificate[] {certificate});
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
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

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            // A private key is written as PKCS#8 ("PRIVATE KEY") through its generator.
            writer.writeObject(object instanceof java.security.PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate() : object);
        }
        return out.toString();
    }
}
