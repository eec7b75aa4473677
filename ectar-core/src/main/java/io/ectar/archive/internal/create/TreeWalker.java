package io.ectar.archive.internal.create;

import io.ectar.archive.ArchiveException;
import io.ectar.archive.FileNames;
import io.ectar.archive.PathFilter;
import io.ectar.archive.internal.extract.ModificationTimes;
import io.ectar.format.EntryType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the input paths in a reproducible order: the inputs as given, each tree depth first with a
 * directory before its children and children sorted by name. Paths are stored the way
 * {@code tar -C parent name} stores them. Sockets, FIFOs and devices are skipped with a warning; a second
 * path to an already seen inode becomes a hard link.
 */
public final class TreeWalker {

    private static final Logger LOG = LoggerFactory.getLogger(TreeWalker.class);
    private static final String ATTRIBUTES =
            "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime,isRegularFile,isDirectory,isSymbolicLink";

    /** Receives every entry, in archive order. */
    public interface Visitor {
        void visit(SourceEntry entry) throws IOException;
    }

    /**
     * Why a name is refused when Java cannot carry its bytes: stored as text it would come back as another
     * name (or as the name of another file), so it is left out loudly, like an unreadable file.
     */
    public static final String NOT_UTF8 = "the name is not valid UTF-8, which an archive cannot hold; skipped"
            + " (rename it, e.g. with convmv, and archive it again)";

    /** A directory's child as listed (its bytes) and its name as text, which orders the children. */
    private record Child(Path path, String name) {
    }

    private final PathFilter filter;
    private final Map<List<Object>, String> firstLinkPaths = new HashMap<>();
    private final Map<Long, String> userNames = new HashMap<>();
    private final Map<Long, String> groupNames = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private boolean quiet;

    /**
     * @param excludes globs of stored paths to leave out, as {@link PathFilter} reads them
     */
    public TreeWalker(List<String> excludes) {
        this.filter = new PathFilter(List.of(), excludes);
    }

    /** Stops logging warnings (for a second walk over the same tree). */
    public TreeWalker quiet() {
        quiet = true;
        return this;
    }

    /** What was skipped on purpose (sockets, FIFOs, devices), one line each. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** What could not be read and is therefore missing from the archive, one line each. */
    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    /** Checks the inputs before anything is written: each must exist and have a name. */
    public static List<Path> checkInputs(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path input : inputs) {
            Path abs = input.toAbsolutePath().normalize();
            if (abs.getFileName() == null) {
                throw new ArchiveException("cannot archive '" + input + "' as a whole: it has no name;"
                        + " name the directories under it instead");
            }
            if (!FileNames.carried(abs)) {
                throw new ArchiveException("input '" + FileNames.printable(abs) + "' has a name that is not valid"
                        + " UTF-8, which an archive cannot hold; rename it (e.g. with convmv)");
            }
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new ArchiveException("input '" + input + "' does not exist");
            }
            out.add(abs);
        }
        return out;
    }

    /** Walks every input (as returned by {@link #checkInputs}) in order. */
    public void walk(List<Path> inputs, Visitor visitor) throws IOException {
        for (Path input : inputs) {
            walkFrom(input, input.getFileName().toString(), visitor);
        }
    }

    private void walkFrom(Path file, String stored, Visitor visitor) throws IOException {
        if (!filter.accepts(stored)) {
            return;
        }
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            fail(stored + ": vanished while archiving, skipped");
            return;
        } catch (IOException e) {
            fail(stored + ": cannot read its attributes (" + e.getMessage() + "), skipped");
            return;
        }
        SourceEntry entry = entry(file, stored, a);
        if (entry == null) {
            return;
        }
        visitor.visit(entry);
        if (entry.type() == EntryType.DIRECTORY) {
            for (Child child : sortedChildren(file, stored)) {
                if (!FileNames.carried(child.path().getFileName())) {
                    fail(FileNames.printable(stored) + "/" + FileNames.printable(child.path().getFileName()) + ": "
                            + NOT_UTF8);
                    continue;
                }
                // (the child as listed, not resolved again from its text: the listing holds its bytes)
                walkFrom(child.path(), stored + "/" + child.name(), visitor);
            }
        }
    }

    private SourceEntry entry(Path file, String stored, Map<String, Object> a) throws IOException {
        int mode = (Integer) a.get("mode") & 07777;
        long uid = ((Number) a.get("uid")).longValue();
        long gid = ((Number) a.get("gid")).longValue();
        java.time.Instant mtime = ModificationTimes.read(file, (FileTime) a.get("lastModifiedTime"));
        String user = userNames.computeIfAbsent(uid, u -> ownerName(file, "posix:owner"));
        String group = groupNames.computeIfAbsent(gid, g -> ownerName(file, "posix:group"));
        EntryType type;
        long size = 0;
        String link = null;
        if ((Boolean) a.get("isSymbolicLink")) {
            type = EntryType.SYMLINK;
            Path target = Files.readSymbolicLink(file);
            if (!FileNames.carried(target)) {
                fail(FileNames.printable(stored) + ": its target " + FileNames.printable(target)
                        + " is not valid UTF-8, which an archive cannot hold; skipped (rename the target and"
                        + " point the link at the new name)");
                return null;
            }
            link = target.toString();
        } else if ((Boolean) a.get("isDirectory")) {
            type = EntryType.DIRECTORY;
        } else if ((Boolean) a.get("isRegularFile")) {
            type = EntryType.FILE;
            size = (Long) a.get("size");
            if ((Integer) a.get("nlink") > 1) {
                List<Object> inode = List.of(a.get("dev"), a.get("ino"));
                String first = firstLinkPaths.putIfAbsent(inode, stored);
                if (first != null) {
                    type = EntryType.HARDLINK;
                    size = 0;
                    link = first;
                }
            }
        } else {
            warn(stored + ": is a socket, FIFO or device, skipped");
            return null;
        }
        return new SourceEntry(file, stored, type, size, mode, mtime, uid, gid, user, group, link);
    }

    private List<Child> sortedChildren(Path dir, String stored) {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            for (Path child : listing) {
                children.add(new Child(child, child.getFileName().toString()));
            }
        } catch (IOException e) {
            fail(stored + ": cannot list the directory (" + e.getMessage() + "), its contents are skipped");
        }
        children.sort(Comparator.comparing(Child::name));
        return children;
    }

    private static String ownerName(Path file, String attribute) {
        try {
            Object p = Files.getAttribute(file, attribute, LinkOption.NOFOLLOW_LINKS);
            String name = ((UserPrincipal) p).getName();
            // The JDK falls back to the number when the id has no name.
            return name.chars().allMatch(Character::isDigit) ? null : name;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void fail(String message) {
        if (!quiet) {
            LOG.error(message);
        }
        unreadable.add(message);
    }

    private void warn(String message) {
        if (!quiet) {
            LOG.warn(message);
        }
        warnings.add(message);
    }
}
