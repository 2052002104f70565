package dev.rhizome.channels.handshake;

import dev.rhizome.overlay.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 proofs of the handshake. Each side proves it knows the cluster secret by a MAC over
 * a role label, both nonces, both identities, the channel and the lane. The role label stops a proof
 * from being reflected back; the dialer's fresh nonce stops replay.
 */
public final class HandshakeProof {

    /** Nonce length in bytes. */
    public static final int NONCE_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ACCEPTOR_LABEL = "rhizome-v1-acceptor";
    private static final String DIALER_LABEL = "rhizome-v1-dialer";

    private final SecretKeySpec key;

    public HandshakeProof(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A fresh random nonce. */
    public static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** The acceptor's proof. */
    public byte[] acceptorProof(Transcript t) {
        return mac(ACCEPTOR_LABEL, t);
    }

    /** The dialer's proof. */
    public byte[] dialerProof(Transcript t) {
        return mac(DIALER_LABEL, t);
    }

    /** Constant-time comparison of a received proof with the expected one. */
    public static boolean matches(byte[] expected, byte[] received) {
        return received != null && MessageDigest.isEqual(expected, received);
    }

    private byte[] mac(String label, Transcript t) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(t.bytes(label));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * What both proofs cover.
     *
     * @param dialerNonce   the nonce from HELLO
     * @param acceptorNonce the nonce from CHALLENGE
     * @param dialer        the dialer's identity
     * @param acceptor      the acceptor's identity
     * @param channel       the channel
     * @param lane          the lane
     */
    public record Transcript(byte[] dialerNonce, byte[] acceptorNonce, NodeId dialer, NodeId acceptor,
            String channel, int lane) {

        byte[] bytes(String label) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(192);
            try (DataOutputStream out = new DataOutputStream(buffer)) {
                out.writeUTF(label);
                out.writeInt(dialerNonce.length);
                out.write(dialerNonce);
                out.writeInt(acceptorNonce.length);
                out.write(acceptorNonce);
                out.writeUTF(dialer.toString());
                out.writeUTF(acceptor.toString());
                out.writeUTF(channel);
                out.writeInt(lane);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buffer.toByteArray();
        }
    }
}
