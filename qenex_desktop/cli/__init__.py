"""The ``qenex`` command line: the same core as the GUI, for scripts and for people at a terminal."""
