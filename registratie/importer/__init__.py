"""Importers that fill the register from outside sources (DUO open data); see duo_open_data.py."""
