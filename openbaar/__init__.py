"""Zoeken en vinden and the public register: pages and open-data files anyone may read, without login."""
