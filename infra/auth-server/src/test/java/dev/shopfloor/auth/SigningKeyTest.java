package dev.shopfloor.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    @TempDir
    Path folder;

    @Test
    void keepsTheSameKeyAcrossRestarts() {
        Path file = folder.resolve("keys").resolve("signing-key.json");
        RSAKey first = SigningKey.loadOrCreate(file);
        RSAKey second = SigningKey.loadOrCreate(file);

        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toPublicJWK()).isEqualTo(first.toPublicJWK());
        assertThat(second.isPrivate()).isTrue();
    }

    @Test
    void writesTheKeyReadableByItsOwnerOnly() throws Exception {
        Path file = folder.resolve("signing-key.json");
        SigningKey.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesAFileWithoutAPrivateKey() throws Exception {
        Path file = folder.resolve("public-only.json");
        Files.writeString(
                file,
                SigningKey.loadOrCreate(folder.resolve("k.json")).toPublicJWK().toJSONString());
        assertThatThrownBy(() -> SigningKey.loadOrCreate(file)).hasMessageContaining("no private key");
    }

    @Test
    void refusesAFileThatIsNotAKey() throws Exception {
        Path file = folder.resolve("garbage.json");
        Files.writeString(file, "{\"not\": \"a key\"}");
        assertThatThrownBy(() -> SigningKey.loadOrCreate(file)).isInstanceOf(IllegalStateException.class);
    }
}
