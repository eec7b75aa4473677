package io.ectar.tape.device;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** The few C library calls a tape drive needs; each failure carries errno. */
interface LibC extends Library {

    int O_RDONLY = 0;
    int O_RDWR = 2;

    int ENOENT = 2;
    int EIO = 5;
    int ENXIO = 6;
    int ENOMEM = 12;
    int EACCES = 13;
    int EBUSY = 16;
    int EISDIR = 21;
    int EINVAL = 22;
    int ENOTTY = 25;
    int ENOSPC = 28;
    int EROFS = 30;
    int ENOMEDIUM = 123;

    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Structure argument) throws LastErrorException;

    NativeLong read(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, Pointer buffer, NativeLong count) throws LastErrorException;
}
