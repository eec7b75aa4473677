/**
 * Where a drive's cartridges come from when a tape set spans volumes: the seam {@link
 * io.ectar.tape.changer.VolumeSource} and its implementations, a media changer driven through the standard
 * {@code mtx} tool ({@link io.ectar.tape.changer.MtxChanger}, which parses {@code mtx status} with {@link
 * io.ectar.tape.changer.MtxStatus}), an emulated library of SIMH images ({@link
 * io.ectar.tape.changer.SimLibrary}) and an operator ({@link io.ectar.tape.changer.OperatorVolumes}).
 * {@link io.ectar.tape.changer.CartridgeCheck} is the one rule every source's cartridges go through before a
 * volume is written on them.
 */
package io.ectar.tape.changer;
