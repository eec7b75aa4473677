package io.ectar.cli;

/** How list and info print: {@code text} for people, {@code json} and {@code csv} for programs. */
enum OutputFormat { text, json, csv }
