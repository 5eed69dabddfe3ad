"""The larger sections of the Weights and Workshop pages, each drawn by one function a page calls."""
