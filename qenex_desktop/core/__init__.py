"""Domain and services. Nothing in here imports Qt: the GUI calls the core, never the reverse."""
