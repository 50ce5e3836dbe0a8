"""The review package format (docs/package-format.md): names, limits, bag-info.txt and the signature's trusted
comment. Pure functions; nothing here touches the store or a file."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import PackageRefused

KINDS = ("final", "draft", "notes", "response")
FORMAT = "peerreview.package/1"

BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = "tagmanifest-sha256.txt.minisig"
REVIEW_JSON = "data/review.json"
REPORT_PDF = "data/report.pdf"
ATTACHMENTS = "data/attachments/"
TAG_FILES = (BAGIT_TXT, BAG_INFO, MANIFEST)  # what the tag manifest lists, in this order
REQUIRED = (BAGIT_TXT, BAG_INFO, MANIFEST, TAGMANIFEST, SIGNATURE, REVIEW_JSON)
DIRECTORIES = ("", "data/", ATTACHMENTS)  # directory entries a re-zipped bag may carry (relative to the top)
BAGIT_CONTENT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
ATTACHMENT_NAME = re.compile(r"^data/attachments/([0-9a-f]{64})\.([a-z0-9]{1,10})$")

# limits, checked on the ZIP's central directory before a byte is unpacked
MAX_PACKAGE = 8 * 1024**3  # the file as given (ZIP or age)
MAX_ENTRIES = 5_000
MAX_TOTAL = 8 * 1024**3  # sum of uncompressed sizes
MAX_ENTRY = 768 * 1024**2  # one attachment (the store takes at most 512 MB)
MAX_TAG_FILE = 4 * 1024**2
MAX_SIGNATURE = 16 * 1024
MAX_REVIEW_JSON = 256 * 1024**2
MAX_RATIO = 200  # uncompressed / compressed, for entries larger than RATIO_FLOOR
RATIO_FLOOR = 1024**2
MAX_NAME = 512

# attachments already compressed (or large) are stored; text-like ones deflated
DEFLATE_EXT = frozenset({"txt", "csv", "json", "xml", "html", "htm", "md", "rtf", "svg", "tsv", "log"})
DEFLATE_MAX = 64 * 1024**2


def refuse(message: str, reason: str) -> PackageRefused:
    return PackageRefused(message, reason=reason)


def is_uuid(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def attachment_ext(filename: str, mime: str = "") -> str:
    """The file extension a package gives an attachment: its name's, lower case, else 'bin'."""
    suffix = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    return suffix if re.fullmatch(r"[a-z0-9]{1,10}", suffix) else "bin"


def deflate(ext: str, size: int) -> bool:
    return ext in DEFLATE_EXT and size <= DEFLATE_MAX


def slug(text: str, limit: int = 40) -> str:
    ascii_ = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    return out[:limit].strip("-") or "review"


def top_folder(school: str, review_id: str, kind: str, revision: int) -> str:
    return f"{slug(school)}-{review_id[:8]}-{kind}-r{revision}"


def utc_stamp(dt: datetime | None = None) -> str:
    return (dt or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class PackageInfo:
    """What bag-info.txt says (and the signature's trusted comment repeats)."""

    package_id: str
    review_id: str
    revision: int
    kind: str
    supersedes: str | None
    signer_key_id: str
    created: str  # UTC, "YYYY-MM-DDTHH:MM:SSZ"
    recipient: str | None  # the age recipient it was made for, or None for a plain package
    signer_name: str = ""
    review_version: int = 1
    payload_octets: int = 0
    payload_files: int = 0

    def as_json(self) -> dict:
        return {"package_id": self.package_id, "review_id": self.review_id, "revision": self.revision,
                "kind": self.kind, "supersedes": self.supersedes, "created": self.created,
                "recipient": self.recipient, "review_version": self.review_version}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def bag_info_text(info: PackageInfo, agent: str) -> bytes:
    """bag-info.txt: BagIt reserved labels, then ours, in a fixed order."""
    lines = [
        ("Bag-Software-Agent", agent),
        ("Bagging-Date", info.created[:10]),
        ("Payload-Oxum", f"{info.payload_octets}.{info.payload_files}"),
        ("Package-Format", FORMAT),
        ("Package-ID", info.package_id),
        ("Review-ID", info.review_id),
        ("Revision", str(info.revision)),
        ("Kind", info.kind),
        ("Supersedes", info.supersedes or "none"),
        ("Signer-Key-ID", info.signer_key_id),
        ("Signer-Name", _one_line(info.signer_name)),
        ("Created", info.created),
        ("Recipient", info.recipient or "none"),
        ("Review-Version", str(info.review_version)),
    ]
    return "".join(f"{k}: {v}\n" for k, v in lines).encode("utf-8")


def _bad_bag(what: str) -> PackageRefused:
    return refuse(f"The package's bag-info.txt is not valid: {what}.", "malformed")


def parse_bag_info(data: bytes) -> PackageInfo:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad_bag("it is not UTF-8 text") from None
    tags: dict[str, str] = {}
    for line in text.split("\n"):
        if not line.strip():
            continue
        if ":" not in line or line[0].isspace():
            raise _bad_bag("a line is not 'Label: value'")
        label, value = line.split(":", 1)
        if label in tags:
            raise _bad_bag(f"{label} appears twice")
        tags[label.strip()] = value.strip()
    if tags.get("Package-Format") != FORMAT:
        fmt = tags.get("Package-Format", "")
        if fmt.startswith("peerreview.package/"):
            raise refuse("This package was made by a newer version of Peer Review Desktop.", "newer-format")
        raise _bad_bag("it does not name the Peer Review package format")
    need = ("Package-ID", "Review-ID", "Revision", "Kind", "Supersedes", "Signer-Key-ID", "Created", "Recipient",
            "Payload-Oxum")
    missing = [k for k in need if k not in tags]
    if missing:
        raise _bad_bag(f"{missing[0]} is missing")
    oxum = re.fullmatch(r"(\d{1,15})\.(\d{1,6})", tags["Payload-Oxum"])
    if not (is_uuid(tags["Package-ID"]) and is_uuid(tags["Review-ID"])):
        raise _bad_bag("an ID is not a UUID")
    if not re.fullmatch(r"[1-9]\d{0,8}", tags["Revision"]) or tags["Kind"] not in KINDS or oxum is None:
        raise _bad_bag("the revision, kind or Payload-Oxum is not valid")
    supersedes = None if tags["Supersedes"] == "none" else tags["Supersedes"]
    if supersedes is not None and not is_uuid(supersedes):
        raise _bad_bag("Supersedes is not a package ID")
    if not re.fullmatch(r"[0-9A-F]{16}", tags["Signer-Key-ID"]):
        raise _bad_bag("Signer-Key-ID is not a key ID")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", tags["Created"]):
        raise _bad_bag("Created is not a UTC time")
    recipient = None if tags["Recipient"] == "none" else tags["Recipient"]
    if recipient is not None and not re.fullmatch(r"age1[0-9a-z]{20,100}", recipient):
        raise _bad_bag("Recipient is not an age recipient")
    version = tags.get("Review-Version", "1")
    return PackageInfo(
        package_id=tags["Package-ID"], review_id=tags["Review-ID"], revision=int(tags["Revision"]),
        kind=tags["Kind"], supersedes=supersedes, signer_key_id=tags["Signer-Key-ID"], created=tags["Created"],
        recipient=recipient, signer_name=tags.get("Signer-Name", ""),
        review_version=int(version) if version.isdigit() and len(version) < 9 else 1,
        payload_octets=int(oxum.group(1)), payload_files=int(oxum.group(2)),
    )


# the trusted comment: signed together with the signature, so these fields cannot be changed or swapped
_COMMENT_FIELDS = ("package", "review", "revision", "kind", "recipient", "signer", "created")


def trusted_comment(info: PackageInfo) -> str:
    return ("peerreview-package " + f"package={info.package_id} review={info.review_id} revision={info.revision} "
            f"kind={info.kind} recipient={info.recipient or 'none'} signer={info.signer_key_id} "
            f"created={info.created}")


def parse_trusted_comment(comment: str) -> dict[str, str]:
    parts = comment.split(" ")
    if not parts or parts[0] != "peerreview-package":
        raise refuse("The package's signature is not a Peer Review package signature.", "malformed-signature")
    fields: dict[str, str] = {}
    for p in parts[1:]:
        key, sep, value = p.partition("=")
        if not sep or key in fields:
            raise refuse("The package's signature comment is malformed.", "malformed-signature")
        fields[key] = value
    if set(fields) != set(_COMMENT_FIELDS):
        raise refuse("The package's signature comment is malformed.", "malformed-signature")
    return fields


def comment_matches(fields: dict[str, str], info: PackageInfo) -> bool:
    return fields == {"package": info.package_id, "review": info.review_id, "revision": str(info.revision),
                      "kind": info.kind, "recipient": info.recipient or "none", "signer": info.signer_key_id,
                      "created": info.created}
