"""A PEP 517 build backend in the standard library alone, so that `pip install
./packages/python` works offline (setuptools would have to be fetched into pip's isolated build
environment). It builds a pure-Python wheel of the autosana_webhook package and an sdist."""
import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME, DIST, VERSION = "autosana-webhook", "autosana_webhook", "0.1.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, DIST)


def _metadata():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: Verify Autosana webhook signatures (HMAC-SHA256) as the autosana-webhook CLI does\n"
            "Requires-Python: >=3.9\nDescription-Content-Type: text/markdown\n\n" + readme)


def _package_files():
    return sorted(name for name in os.listdir(PACKAGE) if name.endswith((".py", ".typed")))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def _wheel(wheel_directory, files):
    """files: (path in the wheel, bytes); adds the dist-info and its RECORD."""
    info = f"{DIST}-{VERSION}.dist-info"
    files = files + [
        (f"{info}/METADATA", _metadata().encode()),
        (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: autosana_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    ]
    record = []
    for path, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    name = f"{DIST}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files:
            wheel.writestr(zipfile.ZipInfo(path, date_time=(2025, 1, 1, 0, 0, 0)), data)
    return name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = []
    for name in _package_files():
        with open(os.path.join(PACKAGE, name), "rb") as f:
            files.append((f"{DIST}/{name}", f.read()))
    return _wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth file that puts this folder on the path: changes to the sources take effect at once.
    return _wheel(wheel_directory, [(f"{DIST}.pth", (ROOT + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    base = f"{DIST}-{VERSION}"
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as sdist:
        for folder in ("autosana_webhook", "build_backend", "tests", "examples"):
            for entry in sorted(os.listdir(os.path.join(ROOT, folder))):
                if entry.endswith((".py", ".typed")):
                    sdist.add(os.path.join(ROOT, folder, entry), f"{base}/{folder}/{entry}")
        for entry in ("pyproject.toml", "README.md"):
            sdist.add(os.path.join(ROOT, entry), f"{base}/{entry}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata().encode()
        info.size = len(data)
        sdist.addfile(info, io.BytesIO(data))
    return name
