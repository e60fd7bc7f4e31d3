"""A local hostile web server (one route per attack) and the harness that crawls it in a child process."""
