package io.ectar.tape.changer;

import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The changer slots a set may use, as {@code --slots} gives them: {@code 1-10}, {@code 3,5,7-9}. Slots are
 * numbered as the changer numbers them (mtx: storage elements from 1).
 *
 * @param slots the slots, in order
 */
public record SlotRange(NavigableSet<Integer> slots) {

    public SlotRange {
        slots = Collections.unmodifiableNavigableSet(new TreeSet<>(slots));
    }

    /**
     * Parses {@code 1-10,15}.
     *
     * @throws IllegalArgumentException naming the part that is not a slot or a range of slots
     */
    public static SlotRange parse(String text) {
        TreeSet<Integer> slots = new TreeSet<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
                if (from < 0 || to < from || to - from > 100_000) {
                    throw new NumberFormatException();
                }
                for (int s = from; s <= to; s++) {
                    slots.add(s);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--slots: '" + p + "' is not a slot number or a range FROM-TO"
                        + " (example: 1-10,15)");
            }
        }
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("--slots names no slot (example: 1-10,15)");
        }
        return new SlotRange(slots);
    }

    /** Whether slot {@code slot} may be used; every slot may when {@code range} is null. */
    public static boolean allows(SlotRange range, int slot) {
        return range == null || range.slots.contains(slot);
    }
}
