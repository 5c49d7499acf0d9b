"""Importers that fill the register from outside sources (DUO open data).

See duo_open_data.py, the entry point: lezen.py reads the vestigingen files (basisonderwijs, special schools),
aanvullend.py the board list and the pupils file, toepassen.py applies them; docs/sector.md says what comes from
which file.
"""
