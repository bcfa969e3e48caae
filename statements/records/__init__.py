"""Reading the Security Council's official record: verbatim records (S/PV.…) and press releases (SC/…).

Pure Python: no Django, no network. The importer in `statements.editor` turns what these modules
read into rows.
"""
