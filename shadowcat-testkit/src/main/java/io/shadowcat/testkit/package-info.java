/**
 * The conformance suite for Shadowcat storage providers: extend it, supply a fresh backend, and your
 * provider is held to the same contract as the built-in ones.
 */
package io.shadowcat.testkit;
