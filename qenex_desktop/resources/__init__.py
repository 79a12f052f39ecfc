"""Icons and other files the GUI loads at run time (shipped as package data)."""
