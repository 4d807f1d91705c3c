"""Where the data and the database live: options, environment, the checkout, the package.

Imported on every call, so it stays light: `platformdirs` is imported only when the default
cache location is actually needed.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from nrkb.kinds import KINDS
from nrkb.problems import NrkbError

DATA_KINDS = tuple(kind.table for kind in KINDS)
"""The data files of records, `<kind>.yaml`, in the order they are loaded (kinds.py)."""

METADATA_FILE = "dataset.yaml"
"""The data file that describes the dataset as a whole (its coverage), not a list of records."""

MAX_DATA_FILE_BYTES = 256 * 1024 * 1024
"""No data file is read past this many bytes, whatever its size on disk claims to be."""

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Location:
    """The data directory and the database file one command works with."""

    data_dir: Path
    db_path: Path
    db_pinned: bool
    """True when the user named the database but not the data: an existing file is used as is."""
    db_named: bool = False
    """True when the user named the database (--db, NRKB_DB): never moved elsewhere."""

    def data_files(self) -> list[Path]:
        return [
            *(self.data_dir / f"{kind}.yaml" for kind in DATA_KINDS),
            self.data_dir / METADATA_FILE,
        ]


def _is_checkout(folder: Path) -> bool:
    """Whether `folder` is a checkout of nrkb: its pyproject names nrkb and it has the data."""
    try:
        project = (folder / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return 'name = "nrkb"' in project and (folder / "data" / "events.yaml").is_file()


def checkout_data_dir(start: Path | None = None) -> Path | None:
    """The `data/` of the nrkb checkout the user is in (the working directory or a parent)."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the working directory was removed
        return None
    for folder in (here, *here.parents):
        if _is_checkout(folder):
            return folder / "data"
    return None


def bundled_data_dir() -> Path:
    """The data of the checkout the user works in, whatever the install (edits there take
    effect); else the checkout nrkb runs from (an editable install); else the package's copy."""
    found = checkout_data_dir()
    if found is not None:
        return found
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "data" / "events.yaml").is_file():
        return checkout / "data"
    return _PACKAGE_DIR / "data"


def cache_dir() -> Path:
    override = os.environ.get("NRKB_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("nrkb", appauthor=False))


def locate(data: Path | None = None, db: Path | None = None) -> Location:
    """Resolve data and database: option, else environment variable, else the defaults."""
    data_given = data or _env_path("NRKB_DATA")
    db_given = db or _env_path("NRKB_DB")
    data_dir = (data_given or bundled_data_dir()).resolve()
    if db_given is not None:
        return Location(data_dir, db_given.resolve(), db_pinned=data_given is None, db_named=True)
    # One cache file per data directory, so that two checkouts never overwrite each other.
    key = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    return Location(data_dir, cache_dir() / f"nrkb-{key}.db", db_pinned=False)


def fallback(location: Location) -> Location:
    """The same database in the temporary directory, for when the cache cannot be written."""
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"nrkb-{os.getuid() if hasattr(os, 'getuid') else 0}"
    return Location(location.data_dir, folder / location.db_path.name, db_pinned=False)


_SQLITE_HEADER = b"SQLite format 3\x00"


def check_output(path: Path) -> None:
    """Refuse an output file (--output, --plot) that would overwrite a data file or a database.

    Checked on the file a link points to. A data file is recognised by its name, wherever it
    lives (nrkb never writes YAML); a database by SQLite's header.
    """
    target = path.resolve()
    try:
        if not target.is_file():
            return
        if target.name in {f"{kind}.yaml" for kind in DATA_KINDS}:
            kind = "an nrkb data file"
        else:
            with target.open("rb") as stream:
                if stream.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                    return
            kind = "a database"
    except OSError:
        return  # opening it for writing will give the reason
    raise NrkbError(f"refusing to write over {display_path(path)}: it is {kind}")


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the working directory if inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class DataFileRefused(OSError):
    """A data file that is not a regular file (after links), or larger than the limit."""

    def __str__(self) -> str:
        return str(self.args[0])


class DataFile:
    """A data file open for reading: a regular file, never read past `limit` bytes.

    A link to /dev/zero or /dev/urandom would never end and a FIFO would block the open, so
    the file is opened without blocking, checked on the open descriptor (no race with a rename),
    and every read counts against the limit: a file can lie about its size (/proc) or grow.
    """

    def __init__(self, path: Path, limit: int = MAX_DATA_FILE_BYTES) -> None:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        handle = os.open(path, flags)
        try:
            mode = os.fstat(handle).st_mode
            if not stat.S_ISREG(mode):
                kind = "a directory" if stat.S_ISDIR(mode) else "a device, FIFO or socket"
                raise DataFileRefused(f"not a regular file ({kind})")
            self._stream = os.fdopen(handle, "rb")
        except BaseException:
            os.close(handle)
            raise
        self.limit = limit
        self.size = os.fstat(handle).st_size
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        wanted = self.limit + 1 - self._read if size < 0 else size
        chunk = self._stream.read(max(0, min(wanted, self.limit + 1 - self._read)))
        self._read += len(chunk)
        if self._read > self.limit:
            raise DataFileRefused(f"file is larger than the limit of {self.limit:,} bytes")
        return chunk

    def read_all(self) -> bytes:
        chunks = []
        while chunk := self.read(1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)

    def rewind(self) -> None:
        self._stream.seek(0)
        self._read = 0

    def __enter__(self) -> DataFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stream.close()


def read_data_file(path: Path, limit: int = MAX_DATA_FILE_BYTES) -> bytes:
    """The bytes of a data file; DataFileRefused if it is not a regular file or too large."""
    with DataFile(path, limit) as data_file:
        return data_file.read_all()
