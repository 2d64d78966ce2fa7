"""Which reader a path needs: HSDS 3.0 JSON, a 3.0 data package, or the 1.x/2.0 layout."""

from pathlib import Path

from circles.directory.importing import Batch, FileRefused, Problem, read_json, read_tabular
from circles.directory.legacy import is_legacy, read_legacy


def read_path(path: Path, encoding: str = "utf-8") -> Batch:
    if path.is_file() and path.suffix.lower() == ".json" and path.name != "datapackage.json":
        return read_json(path)
    folder = path.parent if path.name == "datapackage.json" else path
    if not folder.is_dir():
        raise FileRefused([Problem(str(path), "", "no such file or folder")])
    if is_legacy(folder):
        return read_legacy(folder, encoding)
    return read_tabular(folder, encoding)
