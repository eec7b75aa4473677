package io.shadowcat.testkit.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.tamper.Ed25519Keys;
import io.shadowcat.storage.layer.tamper.TamperEvidenceException;
import io.shadowcat.storage.layer.tamper.TamperLayer;
import io.shadowcat.storage.layer.tamper.TapeVerifier;
import io.shadowcat.storage.layer.tamper.Verification;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.LayerKeys;
import io.shadowcat.testkit.SampleTapes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed tape read through one tamper stack and saved through another keeps its original signature. */
class TamperLayerTest {

    private static final StorageRegistry REGISTRY = StorageRegistry.isolated();

    @TempDir
    Path dir;

    private TapeStorageBackend filesystem(String name) {
        return REGISTRY.create("filesystem", StorageSettings.of("filesystem", Map.of("path", dir.resolve(name).toString())));
    }

    private static StorageSettings signing(LayerKeys.SigningFiles key) {
        return StorageSettings.of("", Map.of("signing_key_file", key.privateKey().toString()));
    }

    @Test
    void aCopyKeepsItsSignatureAndAnAlteredCopyIsRefused() {
        LayerKeys.SigningFiles recorder = LayerKeys.ed25519(dir, "recorder");
        LayerKeys.SigningFiles archive = LayerKeys.ed25519(dir, "archive");
        Tape sample = SampleTapes.tape(5, "copied", 40, 1);
        Tape read;
        try (TapeStorageBackend a = new TamperLayer().wrap(filesystem("a"), signing(recorder))) {
            try (TapeWriter w = a.openWriter(sample.header())) {
                sample.frames().forEach(w::append);
                sample.correlations().forEach(w::append);
                w.updateHeader(sample.header());
                w.finish(TapeStatus.FINALIZED);
            }
            read = a.load(sample.id());
        }
        assertThat(read.frames()).isEqualTo(sample.frames());
        try (TapeStorageBackend b = new TamperLayer().wrap(filesystem("b"), signing(archive))) {
            b.save(read); // as tape import or migrate would
            List<Frame> altered = new ArrayList<>(read.frames());
            altered.set(3, Frame.of(altered.get(3).seq(), 0, Direction.CLIENT_TO_SERVER, TapeJson.parse("{\"jsonrpc\":\"2.0\",\"method\":\"x\"}")));
            Tape forged = new Tape(read.header(), altered, read.correlations());
            assertThatThrownBy(() -> b.save(forged)).isInstanceOf(TamperEvidenceException.class)
                    .hasMessageContaining("refusing to store tape copied").hasMessageContaining("final chain value");
        }
        try (TapeStorageBackend raw = filesystem("b")) {
            Verification v = new TapeVerifier(raw, Ed25519Keys.readPublic(recorder.publicKey())).verify(sample.id());
            assertThat(v.outcome()).as(v.detail()).isEqualTo(Verification.Outcome.INTACT);
            assertThat(v.frames()).isEqualTo(40);
            Verification byArchive = new TapeVerifier(raw, Ed25519Keys.readPublic(archive.publicKey())).verify(sample.id());
            assertThat(byArchive.outcome()).isEqualTo(Verification.Outcome.BROKEN);
        }
    }

    @Test
    void aTapeStillRecordingIsUnsignedAndItsChainIsChecked() {
        LayerKeys.SigningFiles key = LayerKeys.ed25519(dir, "k");
        Tape sample = SampleTapes.tape(6, "live", 10, 1);
        TapeStorageBackend raw = filesystem("a");
        try (TapeStorageBackend s = new TamperLayer().wrap(raw, signing(key))) {
            TapeWriter w = s.openWriter(sample.header());
            sample.frames().forEach(w::append);
            w.flush();
            Verification v = new TapeVerifier(raw, null).verify(sample.id()); // the provider below the layer
            assertThat(v.outcome()).as(v.detail()).isEqualTo(Verification.Outcome.UNSIGNED);
            assertThat(v.frames()).isEqualTo(10);
            w.finish(TapeStatus.FINALIZED);
            assertThat(new TapeVerifier(raw, Ed25519Keys.readPublic(key.publicKey())).verify(sample.id()).outcome())
                    .isEqualTo(Verification.Outcome.INTACT);
        }
    }
}
