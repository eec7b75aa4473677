# Stand-in for the unpackaged `pyutil` that zfec's filefec imports: only what filefec uses.
