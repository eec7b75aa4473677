/**
 * Shadowcat records Model Context Protocol sessions into tapes, stores them through pluggable storage
 * providers, and replays them.
 */
package io.shadowcat;
