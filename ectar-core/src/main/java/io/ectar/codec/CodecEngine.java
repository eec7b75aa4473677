package io.ectar.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An implementation of the GF(2^8) matrix arithmetic behind {@link ZfecCodec}. Every engine produces
 * the same bytes; they differ only in speed and in what they need at run time.
 *
 * <ul>
 *   <li>{@link #java()}: pure Java, always available.</li>
 *   <li>{@link #isal()}: Intel ISA-L ({@code libisal.so.2}, Debian package {@code libisal2}) through
 *       JNA, present only when the library loads.</li>
 * </ul>
 *
 * <p>{@link #automatic()} picks ISA-L when it loads and Java otherwise; the environment variable
 * {@code ECTAR_CODEC=java|isal} (or the system property {@code ectar.codec}) overrides the choice.
 */
public abstract sealed class CodecEngine permits JavaEngine, IsalEngine {

    /** The environment variable that forces an engine. */
    public static final String ENVIRONMENT_VARIABLE = "ECTAR_CODEC";

    /** The system property that forces an engine; it wins over the environment variable. */
    public static final String SYSTEM_PROPERTY = "ectar.codec";

    private static final Logger LOG = LoggerFactory.getLogger(CodecEngine.class);

    CodecEngine() {
    }

    /** The engine's name as {@code ECTAR_CODEC} and {@code ectar bench --engine} spell it: {@code java}, {@code isal}. */
    public abstract String name();

    /** Prepares a rows x k coefficient matrix for repeated multiplication. */
    abstract MatrixCoder coder(byte[][] matrix);

    /** The pure-Java engine. */
    public static CodecEngine java() {
        return JavaEngine.INSTANCE;
    }

    /** The ISA-L engine, or empty when {@code libisal} cannot be loaded (see {@link #isalUnavailableReason()}). */
    public static Optional<CodecEngine> isal() {
        return IsalEngine.instance().map(CodecEngine.class::cast);
    }

    /** Why {@link #isal()} is empty, or empty when ISA-L is loaded. */
    public static Optional<String> isalUnavailableReason() {
        return IsalEngine.unavailableReason();
    }

    /** Every engine that works on this machine, the pure-Java one first. */
    public static List<CodecEngine> available() {
        List<CodecEngine> engines = new ArrayList<>();
        engines.add(java());
        isal().ifPresent(engines::add);
        return engines;
    }

    /**
     * The engine named {@code java} or {@code isal} (case-insensitive).
     *
     * @throws IllegalArgumentException for any other name
     * @throws IllegalStateException    for {@code isal} when the library cannot be loaded
     */
    public static CodecEngine named(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "java":
                return java();
            case "isal":
                return isal().orElseThrow(() -> new IllegalStateException(
                        "the isal codec engine is not available: " + isalUnavailableReason().orElse("unknown reason")
                                + "; install Debian's libisal2 or choose the java engine"));
            default:
                throw new IllegalArgumentException("unknown codec engine '" + name + "'; use java or isal");
        }
    }

    /**
     * The engine to use by default: the one forced by {@code -Dectar.codec} or {@code ECTAR_CODEC} when
     * set, else ISA-L when it loads, else Java (logged at debug level).
     *
     * @throws IllegalArgumentException when the override names no engine
     * @throws IllegalStateException    when the override asks for ISA-L and it cannot be loaded
     */
    public static CodecEngine automatic() {
        return forced().orElseGet(CodecEngine::detected);
    }

    /**
     * The engine forced by {@code -Dectar.codec} or {@code ECTAR_CODEC}, or empty when neither is set.
     *
     * @throws IllegalArgumentException when the override names no engine
     * @throws IllegalStateException    when the override asks for ISA-L and it cannot be loaded
     */
    static Optional<CodecEngine> forced() {
        String forced = System.getProperty(SYSTEM_PROPERTY);
        String source = "-D" + SYSTEM_PROPERTY;
        if (forced == null || forced.isBlank()) {
            forced = System.getenv(ENVIRONMENT_VARIABLE);
            source = ENVIRONMENT_VARIABLE;
        }
        if (forced == null || forced.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(named(forced));
        } catch (RuntimeException e) {
            String message = source + "=" + forced + ": " + e.getMessage();
            throw e instanceof IllegalStateException ? new IllegalStateException(message, e)
                    : new IllegalArgumentException(message, e);
        }
    }

    /** ISA-L when it loads, else Java (logged at debug level); loading ISA-L loads JNA and the library. */
    static CodecEngine detected() {
        Optional<CodecEngine> isal = isal();
        if (isal.isPresent()) {
            return isal.get();
        }
        LOG.debug("codec engine: ISA-L unavailable ({}), using the pure-Java engine",
                isalUnavailableReason().orElse("unknown reason"));
        return java();
    }

    @Override
    public String toString() {
        return name();
    }
}
