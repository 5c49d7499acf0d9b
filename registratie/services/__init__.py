"""Domain services: the one place where RIO's rules are applied to every change.

Views, the importer, the blauwdruk upload and the API all call these functions; each mutating
function runs in one transaction, checks the rules, and writes an audit entry.
"""
