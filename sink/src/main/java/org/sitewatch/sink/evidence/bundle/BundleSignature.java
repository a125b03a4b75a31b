package org.sitewatch.sink.evidence.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.sitewatch.sink.evidence.custody.Canonical;
import org.sitewatch.sink.evidence.signing.SigningKey;
import org.sitewatch.sink.evidence.signing.TrustedKey;

/**
 * {@code manifest.sig}: an Ed25519 signature over the exact bytes of {@code manifest.json}, as
 * canonical JSON {@code {algorithm, key_id, public_key, signature, signed_file}} (key and signature
 * in Base64). The manifest lists the SHA-256 of every other file, so the signature covers the whole
 * bundle. The embedded public key only lets a verifier say "validly signed by an unknown key";
 * trust comes from the verifier's own list of {@link TrustedKey trusted keys}, never from the
 * bundle.
 */
public final class BundleSignature {
  public static final String FILE = "manifest.sig";

  private BundleSignature() {}

  /** The outcome, with the key id when there is one and the sentence the report shows. */
  public record Result(Origin origin, String keyId, String statement) {}

  public static byte[] sign(byte[] manifest, SigningKey key) {
    ObjectNode sig = JsonNodeFactory.instance.objectNode();
    sig.put("algorithm", SigningKey.ALGORITHM);
    sig.put("key_id", key.keyId());
    sig.put("public_key", Base64.getEncoder().encodeToString(key.publicKey().getEncoded()));
    sig.put("signature", Base64.getEncoder().encodeToString(key.sign(manifest)));
    sig.put("signed_file", BundleLayout.MANIFEST);
    return (Canonical.json(sig) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param signature the bytes of {@code manifest.sig}, or {@code null} when the bundle has none
   * @param manifest the bytes of {@code manifest.json}, or {@code null} when absent
   */
  public static Result check(byte[] signature, byte[] manifest, List<TrustedKey> trusted) {
    if (signature == null) {
      return new Result(
          Origin.UNSIGNED,
          null,
          "unsigned: integrity only, proves nothing about origin (anyone can build a self-consistent bundle)");
    }
    if (manifest == null) {
      return new Result(
          Origin.INVALID, null, FILE + " signs a manifest.json that is not in the bundle");
    }
    String keyId;
    byte[] sig;
    PublicKey embedded;
    try {
      JsonNode node = Canonical.readTree(signature);
      if (!SigningKey.ALGORITHM.equals(node.path("algorithm").asText())
          || !BundleLayout.MANIFEST.equals(node.path("signed_file").asText())) {
        return new Result(
            Origin.INVALID, null, FILE + " is not an Ed25519 signature of manifest.json");
      }
      keyId = node.path("key_id").asText("");
      sig = Base64.getDecoder().decode(node.path("signature").asText(""));
      embedded =
          KeyFactory.getInstance(SigningKey.ALGORITHM)
              .generatePublic(
                  new X509EncodedKeySpec(
                      Base64.getDecoder().decode(node.path("public_key").asText(""))));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return new Result(Origin.INVALID, null, FILE + " is unreadable: " + e.getMessage());
    }
    for (TrustedKey t : trusted) {
      if (t.keyId().equals(keyId)) {
        return verifies(t.key(), manifest, sig)
            ? new Result(
                Origin.TRUSTED,
                keyId,
                "signature valid by key "
                    + keyId
                    + " (trusted: "
                    + t.source()
                    + "): manifest.json, and through its SHA-256 list every file, is as that key's holder signed it")
            : new Result(
                Origin.INVALID,
                keyId,
                "the signature by trusted key "
                    + keyId
                    + " does not match manifest.json (altered after signing, or forged)");
      }
    }
    if (!keyId.equals(TrustedKey.idOf(embedded))) {
      return new Result(
          Origin.INVALID, keyId, FILE + " names key " + keyId + " but carries another public key");
    }
    return verifies(embedded, manifest, sig)
        ? new Result(
            Origin.UNTRUSTED,
            keyId,
            "signed by key "
                + keyId
                + ", which is not a trusted key: "
                + "integrity only, proves nothing about origin (anyone can make a key)")
        : new Result(
            Origin.INVALID,
            keyId,
            "the signature by key "
                + keyId
                + " does not match manifest.json (altered after signing, or forged)");
  }

  private static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance(SigningKey.ALGORITHM);
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
