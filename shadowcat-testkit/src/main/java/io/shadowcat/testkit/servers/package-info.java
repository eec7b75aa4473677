/**
 * Real database servers as child processes on free loopback ports, for the tests of the providers that talk
 * to one ({@code redis}, {@code postgres}) and of the tools that use them ({@code tape migrate}). Test code
 * only: nothing a user's storage path depends on. Each fails loudly, naming the package to install, when its
 * binaries are missing.
 */
package io.shadowcat.testkit.servers;
