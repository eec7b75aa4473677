package com.example.shadowcat.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The point of this module: a provider builds against Shadowcat's API alone. Fails when a source under
 * {@code src/main/java} names an {@code internal} package (imported or written out in full) or imports a
 * Shadowcat type that is not public API (a package-private type would not compile from here; a public one in
 * an {@code internal} package would, and is caught by the first rule).
 */
class ApiOnlyTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern INTERNAL = Pattern.compile("\\bio\\.shadowcat(\\.\\w+)*\\.internal\\b");
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(static\\s+)?(io\\.shadowcat\\.[\\w.]+?)(\\.\\*)?;", Pattern.MULTILINE);

    @Test
    void mainSourcesUseNoInternalPackage() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (INTERNAL.matcher(lines.get(i)).find()) {
                    found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertThat(found).as("references to Shadowcat internal packages").isEmpty();
    }

    @Test
    void everyShadowcatImportIsAPublicApiType() throws IOException {
        List<String> notApi = new ArrayList<>();
        int imports = 0;
        for (Path file : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                imports++;
                if (m.group(1) == null && m.group(3) != null) {
                    continue; // a whole package: only the internal rule applies
                }
                String name = m.group(2);
                Class<?> type = m.group(1) != null ? typeOf(name) : load(name);
                if (type == null || !Modifier.isPublic(type.getModifiers())) {
                    notApi.add(file + ": " + m.group().trim());
                }
            }
        }
        assertThat(imports).as("Shadowcat imports found (is the scan looking in the right place?)").isPositive();
        assertThat(notApi).as("imports of Shadowcat types that are not public API").isEmpty();
    }

    private static List<Path> sources() throws IOException {
        assertThat(SOURCES).as("run from the module directory").isDirectory();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The class a static import's name starts with, or null. */
    private static Class<?> typeOf(String name) {
        for (String n = name; n.contains("."); n = n.substring(0, n.lastIndexOf('.'))) {
            Class<?> c = load(n);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiOnlyTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
