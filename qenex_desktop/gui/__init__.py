"""The Qt desktop app. Calls the core; the core never calls back."""
