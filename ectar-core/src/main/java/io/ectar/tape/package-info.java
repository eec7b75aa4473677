/**
 * Tape devices (Linux st driver, SIMH tape images, an in-memory mock) and the RAIT writer and reader
 * that put one shard of every chunk on each drive.
 */
package io.ectar.tape;
