package io.shadowcat.storage.support;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;

/**
 * The permissions a local provider gives the files and directories it creates: private ({@code 0600} files,
 * {@code 0700} directories) unless the {@code file_mode} setting says otherwise, because tapes hold tool
 * arguments and tokens. Directories get the file mode plus search ({@code x}) wherever it grants read.
 *
 * <p>The mode is given at creation (never a chmod afterwards), so no other user can open a file in the window
 * between creating and restricting it; the process umask can only narrow it further. On file systems without
 * POSIX permissions it has no effect.
 *
 * <p>Support for provider authors: the {@code filesystem} and {@code sqlite} providers both use it.
 */
public record FileMode(Set<PosixFilePermission> file) {

    /** The setting's name. */
    public static final String SETTING = "file_mode";
    /** Owner read and write only. */
    public static final FileMode PRIVATE = new FileMode(PosixFilePermissions.fromString("rw-------"));

    // OWNER_READ, OWNER_WRITE, OWNER_EXECUTE, GROUP_READ, ... OTHERS_EXECUTE: the bits of an octal mode in order.
    private static final PosixFilePermission[] ORDER = PosixFilePermission.values();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public FileMode {
        file = Set.copyOf(file);
    }

    /**
     * Reads {@code file_mode} as three octal digits ({@code 600}, {@code 640}, {@code 0660}); absent means private.
     *
     * @throws InvalidConfigException naming the setting when it is not such a mode, grants execution, or does
     *     not let the owner read and write
     */
    public static FileMode parse(StorageSettings settings) {
        String v = settings.get(SETTING).map(String::trim).orElse("");
        if (v.isEmpty()) {
            return PRIVATE;
        }
        String digits = v.length() == 4 && v.charAt(0) == '0' ? v.substring(1) : v;
        if (!digits.matches("[0-7]{3}")) {
            throw new InvalidConfigException(settings.provider(), SETTING,
                    "expected three octal digits such as 600 or 640, got '" + v + "'");
        }
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        for (int who = 0; who < 3; who++) {
            int bits = digits.charAt(who) - '0';
            for (int b = 0; b < 3; b++) {
                if ((bits & (4 >> b)) != 0) {
                    p.add(ORDER[who * 3 + b]);
                }
            }
        }
        if (p.contains(PosixFilePermission.OWNER_EXECUTE) || p.contains(PosixFilePermission.GROUP_EXECUTE)
                || p.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            throw new InvalidConfigException(settings.provider(), SETTING,
                    "'" + v + "' makes tape files executable; use a mode without execute bits such as 600 or 640");
        }
        if (!p.contains(PosixFilePermission.OWNER_READ) || !p.contains(PosixFilePermission.OWNER_WRITE)) {
            throw new InvalidConfigException(settings.provider(), SETTING,
                    "'" + v + "' does not let the owner read and write its own tapes; use 600 or wider");
        }
        return new FileMode(p);
    }

    /** The directory permissions: the file's, plus search wherever read is granted. */
    public Set<PosixFilePermission> directory() {
        Set<PosixFilePermission> d = EnumSet.copyOf(file);
        for (int who = 0; who < 3; who++) {
            if (file.contains(ORDER[who * 3])) {
                d.add(ORDER[who * 3 + 2]);
            }
        }
        return d;
    }

    /** Attributes for {@code Files.createFile}/{@code FileChannel.open} of a new file (none without POSIX). */
    public FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(file)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and any missing parents with the directory mode; existing ones are left as they are. */
    public void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(directory()));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** The mode in octal, as the setting takes it ({@code 600}). */
    @Override
    public String toString() {
        StringBuilder octal = new StringBuilder(3);
        for (int who = 0; who < 3; who++) {
            int bits = 0;
            for (int b = 0; b < 3; b++) {
                bits |= file.contains(ORDER[who * 3 + b]) ? 4 >> b : 0;
            }
            octal.append((char) ('0' + bits));
        }
        return octal.toString();
    }
}
