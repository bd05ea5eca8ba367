"""Office mode in the GUI: the server settings, the sync worker, its status and the conflicts."""
