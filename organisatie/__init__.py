"""Mijn organisatie: the screens where a board reads and changes its register (the web layer of registratie)."""
