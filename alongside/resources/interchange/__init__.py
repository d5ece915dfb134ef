"""The directory in and out: our own CSV (`flat`), Open Referral HSDS 3.0 JSON (`hsds`) and the HSDS
tabular form, CSV files with a datapackage.json in one zip (`tabular`)."""

from .flat import COLUMNS, LIMITS, clean_row, read_csv, row_of, write_csv
from .hsds import Publisher, read_hsds, service_of, write_hsds
from .kept import keep_objects, kept_objects
from .tabular import read_tabular, write_tabular

__all__ = [
    "COLUMNS",
    "LIMITS",
    "Publisher",
    "clean_row",
    "keep_objects",
    "kept_objects",
    "read_csv",
    "read_hsds",
    "read_tabular",
    "row_of",
    "service_of",
    "write_csv",
    "write_hsds",
    "write_tabular",
]
