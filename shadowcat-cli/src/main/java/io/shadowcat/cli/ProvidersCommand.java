package io.shadowcat.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.spi.ConfigField;
import io.shadowcat.storage.spi.ProviderCapability;
import io.shadowcat.storage.ProviderInfo;
import io.shadowcat.tape.TapeJson;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import io.shadowcat.storage.layer.StorageLayer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shadowcat providers list|info}: the storage providers this installation can use. */
@Command(name = "providers", description = "List the storage providers and their settings.")
final class ProvidersCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list or info");
    }

    static ObjectNode json(ProviderInfo p, boolean withSettings) {
        ObjectNode n = TapeJson.mapper().createObjectNode();
        n.put("name", p.name());
        n.put("display_name", p.displayName());
        n.put("version", p.version());
        n.put("description", p.description());
        ArrayNode caps = n.putArray("capabilities");
        p.capabilities().stream().sorted().forEach(c -> caps.add(c.name().toLowerCase(Locale.ROOT)));
        if (withSettings) {
            ArrayNode settings = n.putArray("settings");
            for (ConfigField f : p.configSchema().fields()) {
                settings.addObject().put("name", f.name()).put("type", f.type().name().toLowerCase(Locale.ROOT))
                        .put("required", f.required()).put("default", f.defaultValue())
                        .put("description", f.description());
            }
        }
        return n;
    }

    /** The storage layers and their settings, for {@code providers info --format json}. */
    static ArrayNode layersJson(io.shadowcat.storage.StorageRegistry registry) {
        ArrayNode layers = TapeJson.mapper().createArrayNode();
        for (StorageLayer layer : registry.layers().layers()) {
            ObjectNode l = layers.addObject().put("name", layer.name());
            ArrayNode settings = l.putArray("settings");
            for (ConfigField f : layer.fields()) {
                settings.addObject().put("name", f.name()).put("type", f.type().name().toLowerCase(Locale.ROOT))
                        .put("description", f.description());
            }
        }
        return layers;
    }

    static String capabilities(ProviderInfo p) {
        return p.capabilities().stream().sorted().map(ProviderCapability::name)
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }

    @Command(name = "list", description = "List the registered storage providers: name, version, capabilities.")
    static final class ListProviders implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            GlobalOptions global = GlobalOptions.of(spec);
            PrintWriter out = spec.commandLine().getOut();
            if (global.json()) {
                ArrayNode all = TapeJson.mapper().createArrayNode();
                global.registry().list().forEach(p -> all.add(json(p, false)));
                Output.json(out, all);
                return ExitCode.OK;
            }
            Output.Table t = new Output.Table("NAME", "VERSION", "CAPABILITIES", "DESCRIPTION");
            String def = global.registry().defaultProvider();
            for (ProviderInfo p : global.registry().list()) {
                t.row(p.name() + (p.name().equals(def) ? " (default)" : ""), p.version(), capabilities(p),
                        p.description());
            }
            t.print(out);
            return ExitCode.OK;
        }
    }

    @Command(name = "info", description = "Show a provider's capabilities and every setting it accepts.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Provider name, e.g. filesystem.")
        String name;

        @Override
        public Integer call() {
            GlobalOptions global = GlobalOptions.of(spec);
            ProviderInfo p = global.registry().info(name);
            PrintWriter out = spec.commandLine().getOut();
            if (global.json()) {
                ObjectNode n = json(p, true);
                n.set("layers", layersJson(global.registry()));
                Output.json(out, n);
                return ExitCode.OK;
            }
            out.println(p.name() + " " + p.version() + ": " + p.displayName() + " - " + p.description());
            out.println("capabilities: " + capabilities(p));
            Output.Table t = new Output.Table("SETTING", "TYPE", "DEFAULT", "DESCRIPTION");
            for (ConfigField f : p.configSchema().fields()) {
                t.row(f.name(), f.type().name().toLowerCase(Locale.ROOT),
                        f.required() ? "(required)" : f.defaultValue(), f.description());
            }
            t.print(out);
            out.println();
            out.println("storage layers (outermost first; their settings go beside the provider's):");
            Output.Table layers = new Output.Table("LAYER", "SETTING", "TYPE", "DESCRIPTION");
            for (StorageLayer layer : global.registry().layers().layers()) {
                for (ConfigField f : layer.fields()) {
                    layers.row(layer.name(), f.name(), f.type().name().toLowerCase(Locale.ROOT), f.description());
                }
            }
            layers.print(out);
            return ExitCode.OK;
        }
    }
}
