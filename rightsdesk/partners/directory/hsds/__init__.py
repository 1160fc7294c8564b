"""Open Referral HSDS 3.0 import and export of the directory, as a Tabular Data Package (a zip of
CSV files and `datapackage.json`). No Django views here: `tables` declares the package, `export`
writes it, `reader` opens and checks its files, `load` links their rows into organisations. The
staff pages call rightsdesk.partners.directory.services (admins only, audited, one
transaction)."""

from rightsdesk.partners.directory.hsds.export import export_package
from rightsdesk.partners.directory.hsds.load import ImportedPartner, read_package
from rightsdesk.partners.directory.hsds.reader import PackageInvalid

__all__ = ["ImportedPartner", "PackageInvalid", "export_package", "read_package"]
