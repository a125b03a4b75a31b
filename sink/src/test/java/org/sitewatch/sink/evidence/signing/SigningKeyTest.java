package org.sitewatch.sink.evidence.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.sink.evidence.bundle.BundleSignature;
import org.sitewatch.sink.evidence.bundle.Origin;

class SigningKeyTest {
  @TempDir Path dir;

  @Test
  void aKeyReadBackSignsAsTheKeyWrittenAndItsPublicFileIsTrustedUnderTheSameId()
      throws IOException {
    SigningKey key = SigningKey.generate();
    key.writeTo(dir);

    SigningKey loaded = SigningKey.load(dir.resolve(SigningKey.PRIVATE_FILE));
    TrustedKey trusted = TrustedKey.load(dir.resolve(SigningKey.PUBLIC_FILE));

    assertThat(loaded.keyId()).isEqualTo(key.keyId()).isEqualTo(trusted.keyId()).hasSize(64);
    byte[] manifest = "{\"files\":[]}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(
            BundleSignature.check(
                    BundleSignature.sign(manifest, loaded), manifest, List.of(trusted))
                .origin())
        .isEqualTo(Origin.TRUSTED);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(SigningKey.PRIVATE_FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void aPrivateKeyOthersCanReadIsRefusedAndNoKeyIsOverwritten() throws IOException {
    SigningKey.generate().writeTo(dir);
    Path file = dir.resolve(SigningKey.PRIVATE_FILE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> SigningKey.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readable by its owner only");
    assertThatThrownBy(() -> SigningKey.generate().writeTo(dir))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
  }

  @Test
  void aPublicKeyFileIsNotAPrivateKeyFile() throws IOException {
    SigningKey.generate().writeTo(dir);
    assertThatThrownBy(() -> TrustedKey.load(dir.resolve(SigningKey.PRIVATE_FILE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no PEM block 'PUBLIC KEY'");
  }
}
