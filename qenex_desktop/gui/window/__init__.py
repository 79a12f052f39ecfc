"""Parts of the main window (``gui/main_window.py``): its menus, its status bar, the local node."""
