package io.shadowcat.sqlite;

/** How many other writers' turns a store's writes have waited for, in total. */
final class WriteTurnsProbe {

    private WriteTurnsProbe() {
    }

    static long turnsWaited(SqliteTapeStore store) {
        return store.turnsWaited();
    }
}
