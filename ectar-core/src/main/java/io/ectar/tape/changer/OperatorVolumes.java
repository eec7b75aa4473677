package io.ectar.tape.changer;

import io.ectar.tape.device.TapeDevice;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cartridges changed by an operator: {@code --next-volume-command CMD} (as GNU tar's {@code -F}) runs CMD
 * through {@code sh -c} with {@code ECTAR_DRIVE} (the drive's index), {@code ECTAR_DEVICE} (its path),
 * {@code ECTAR_VOLUME} (the volume wanted; 0 when reading asks for a tape's last volume, which holds the
 * catalog), {@code ECTAR_TAPE} and {@code ECTAR_SET} in the environment; exit
 * status 0 means "the cartridge is in the drive", anything else "there is none". Without a command it
 * asks on the terminal through a {@link Prompt}. The drive device is closed before asking and opened again
 * afterwards.
 */
public final class OperatorVolumes implements VolumeSource {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorVolumes.class);

    /** Asks a person to change the cartridge; false when they answer that there is none. */
    @FunctionalInterface
    public interface Prompt {
        boolean ask(String message) throws IOException;
    }

    /** Opens drive {@code drive} after the operator changed its cartridge. */
    @FunctionalInterface
    public interface DriveOpener {
        TapeDevice open(int drive, boolean forReading) throws IOException;
    }

    private final String command;
    private final Prompt prompt;
    private final List<String> devices;
    private final DriveOpener opener;
    private String setId = "";

    /**
     * @param command the operator's command, or null to use {@code prompt}
     * @param devices the drives' paths, in set order
     */
    public OperatorVolumes(String command, Prompt prompt, List<String> devices, DriveOpener opener) {
        if (command == null && prompt == null) {
            throw new IllegalArgumentException("give a command or a prompt");
        }
        this.command = command;
        this.prompt = prompt;
        this.devices = List.copyOf(devices);
        this.opener = opener;
    }

    /** Names the set in the environment and prompts. */
    public synchronized OperatorVolumes forSet(String id) {
        this.setId = id;
        return this;
    }

    @Override
    public String describe() {
        return command != null ? "--next-volume-command " + command : "the operator (terminal prompt)";
    }

    @Override
    public synchronized Cartridge offer(int drive, int volume) throws IOException {
        String what = "a blank cartridge for tape " + drive + " volume " + volume + (setId.isEmpty() ? ""
                : " of set " + setId);
        return ask(drive, volume, drive, what, false);
    }

    @Override
    public synchronized Cartridge fetch(int drive, VolumeRequest wanted) throws IOException {
        return ask(drive, wanted.volume(), wanted.tape(), wanted.describe(), true);
    }

    @Override
    public void release(int drive, Cartridge cartridge) throws IOException {
        cartridge.device().close();
    }

    private Cartridge ask(int drive, int volume, int tape, String what, boolean forReading) throws IOException {
        String device = devices.get(drive);
        String message = "insert " + what + " into drive " + drive + " (" + device + ")";
        boolean ready;
        if (command == null) {
            ready = prompt.ask(message);
        } else {
            LOG.info("{}: running {}", message, command);
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).inheritIO();
            pb.redirectInput(ProcessBuilder.Redirect.PIPE);
            Map<String, String> env = pb.environment();
            env.put("ECTAR_DRIVE", String.valueOf(drive));
            env.put("ECTAR_DEVICE", device);
            env.put("ECTAR_VOLUME", String.valueOf(volume));
            env.put("ECTAR_TAPE", String.valueOf(tape));
            env.put("ECTAR_SET", setId);
            Process p = pb.start();
            p.getOutputStream().close();
            try {
                int exit = p.waitFor();
                ready = exit == 0;
                if (!ready) {
                    LOG.warn("--next-volume-command exited with {} for drive {}: no cartridge", exit, drive);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for --next-volume-command");
            }
        }
        return ready ? new Cartridge(opener.open(drive, forReading), null, null) : null;
    }

}
