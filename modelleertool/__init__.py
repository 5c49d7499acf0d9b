"""Modelleertool: a board's blauwdruk as a spreadsheet (sjabloon → lezer), compared with the register
(verschil) and applied in one transaction through the domain services (toepassen); a concept drawn in the
browser (modelleren) and its picture. rio-po.md §5."""
