"""Importers that fill the register from outside sources (DUO open data).

See duo_open_data.py, the entry point: lezen.py reads the file, toepassen.py applies it.
"""
