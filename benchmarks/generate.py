"""Make a synthetic but valid nrkb dataset of any size from the real records.

    python benchmarks/generate.py --events 100000 --out /tmp/nrkb-100k

Every real event is copied with a new id (and its claims dropped) until there are as many
events as asked for; the other files are copied as they are, so every reference resolves and
`nrkb validate` passes. Text, dates, links and sources are real, so parsing, validation,
indexing and search do realistic work.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """Writes shared lists out in full: nrkb refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def generate(events: int, out: Path, data: Path = DATA) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for kind in ("sources", "actors", "institutions", "recommendations"):
        shutil.copyfile(data / f"{kind}.yaml", out / f"{kind}.yaml")
    # Dates stay text: the C loader would turn them into date objects.
    real = yaml.load((data / "events.yaml").read_text(encoding="utf-8"), Loader=_Loader)
    for event in real:
        for key, value in event.items():
            if not isinstance(value, str | list | dict):
                event[key] = str(value)
    copies = []
    for n in range(max(0, events - len(real))):
        event = dict(real[n % len(real)])
        event["id"] = f"{event['id']}-copy-{n}"
        event.pop("claims", None)
        copies.append(event)
    with (out / "events.yaml").open("w", encoding="utf-8") as stream:
        yaml.dump(
            real + copies, stream, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    generate(arguments.events, arguments.out)
    print(arguments.out)


if __name__ == "__main__":
    main()
