package org.sitewatch.sink.evidence.bundle;

/** What a bundle's signature ({@code manifest.sig}) proves about its origin. */
public enum Origin {
  /** Signed by a key the verifier trusts: the manifest comes from that key's holder. */
  TRUSTED,
  /** A valid signature by a key the verifier does not trust: integrity only, origin unknown. */
  UNTRUSTED,
  /** No signature: integrity only, origin unknown. */
  UNSIGNED,
  /** A signature that does not verify, or cannot be read: the bundle was changed or forged. */
  INVALID,
  /** Not checked: the bundle could not be read. */
  NOT_CHECKED
}
