package io.shadowcat.storage.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file operation failed, in words a user can act on: the JDK's {@code java.nio.file} exceptions carry
 * the path but not the reason ({@code java.nio.file.AccessDeniedException: /x}), which users must never see.
 *
 * <p>Support for provider authors: the {@code filesystem} and {@code sqlite} providers both use it.
 */
public final class FileProblem {

    private FileProblem() {
    }

    /** One line: the path and what is wrong with it, without the exception's class name. */
    public static String describe(IOException e) {
        String path = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String reason = e instanceof FileSystemException f ? f.getReason() : null;
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + path;
        }
        if (e instanceof FileAlreadyExistsException) {
            // what createDirectories reports when a part of the path is a file
            return path + " exists and is not a directory";
        }
        if (e instanceof NotDirectoryException) {
            return path + " is not a directory";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + path;
        }
        if (path != null) {
            return path + ": " + (reason != null ? reason : "cannot be used");
        }
        String m = e.getMessage();
        return m != null ? m : "input/output error";
    }
}
