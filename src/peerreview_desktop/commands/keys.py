"""`peerreview init` and `keys show|export-public|export-card|trust|list|revoke`: the profile's keys and the
colleagues' keys it trusts."""

from __future__ import annotations

from pathlib import Path

from ..cli import out_json, say


def register(sub) -> None:  # noqa: ANN001
    a = sub.add_parser("init", help="create your reviewer profile and keys (signing and encryption); prints the "
                                    "fingerprint")
    a.add_argument("--name", required=True)
    a.add_argument("--school", default="")
    a.add_argument("--role", default="reviewer", help="e.g. reviewer, lead, headteacher")
    a.add_argument("--force", action="store_true", help="replace existing keys (a backup is taken first)")
    a.set_defaults(func=init)

    p = sub.add_parser("keys", help="your keys, and the keys of colleagues you trust")
    ks = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = ks.add_parser("show", help="your key ID, fingerprint words, minisign public key and age recipient")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=show)
    a = ks.add_parser("export-public", help="your signing key as a minisign public key file (for minisign -V -p)")
    a.add_argument("-o", "--output", required=True, metavar="FILE")
    a.set_defaults(func=export_public)
    a = ks.add_parser("export-card", help="a self-signed contact card for colleagues to trust")
    a.add_argument("-o", "--output", required=True, metavar="FILE")
    a.set_defaults(func=export_card)
    a = ks.add_parser("trust", help="trust a colleague's contact card; shows its fingerprint to compare")
    a.add_argument("card", metavar="FILE")
    a.add_argument("--role", default="reviewer", choices=["lead", "reviewer", "host"],
                   help="what you trust them as (packages are encrypted with confidential notes only to a lead)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=trust)
    a = ks.add_parser("list", help="the keys you trust (and those you revoked)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=list_)
    a = ks.add_parser("revoke", help="revoke a trusted key: its packages are refused from now on")
    a.add_argument("key_id")
    a.set_defaults(func=revoke)


def init(args, ctx) -> int:  # noqa: ANN001
    from ..core import identity, passphrase

    secret = passphrase.from_args(args, confirm=True)
    fp = identity.init(ctx.store, args.name, args.school, args.role, secret, force=args.force)
    key = identity.show(ctx.store)
    say(f"Profile created for {args.name}. Your key {key['key_id']} has the fingerprint:")
    say(f"  {fp}")
    say("Read these words to colleagues when they trust your contact card (`peerreview keys export-card`).")
    return 0


def show(args, ctx) -> int:  # noqa: ANN001
    from ..core import identity

    key = identity.show(ctx.store)
    if args.json:
        out_json(key)
        return 0
    say(f"{key['name']} ({key['role']}{', ' + key['school'] if key['school'] else ''})")
    say(f"Key ID:          {key['key_id']}")
    say(f"Fingerprint:     {key['fingerprint']}")
    say(f"Minisign key:    {key['minisign_public_key']}")
    say(f"Age recipient:   {key['age_recipient']}")
    return 0


def export_public(args, ctx) -> int:  # noqa: ANN001
    from ..core import identity

    path = identity.export_public(ctx.store, args.output)
    say(f"Your public signing key is in {path} (check a package with: minisign -V -p {path.name} -m FILE).")
    return 0


def export_card(args, ctx) -> int:  # noqa: ANN001
    from ..core import identity, passphrase

    path = identity.export_card(ctx.store, args.output, passphrase.from_args(args))
    say(f"Your contact card is in {path}; give it to colleagues and read them your fingerprint.")
    return 0


def trust(args, ctx) -> int:  # noqa: ANN001
    from ..core import identity
    from ..core.errors import NotFound

    p = Path(args.card)
    if not p.is_file():
        raise NotFound(f"There is no contact card at {p}.")
    view = identity.trust(ctx.store, p.read_bytes()[: 1024 * 1024], args.role).value
    if args.json:
        out_json(view.as_json())
        return 0
    say(f"Trusted {view.name}{' (' + view.school + ')' if view.school else ''} as {view.role}, key {view.key_id}.")
    say(f"Fingerprint: {view.fingerprint}")
    say("Compare these words with the ones they read to you; if they differ, revoke the key.")
    return 0


def list_(args, ctx) -> int:  # noqa: ANN001
    from ..core import identity

    rows = identity.list_trusted(ctx.store)
    if args.json:
        out_json([r.as_json() for r in rows])
        return 0
    if not rows:
        say("You trust no keys yet; `peerreview keys trust CARD` adds a colleague's contact card.")
    for r in rows:
        state = f"revoked {r.revoked_at[:10]}" if r.revoked_at else "trusted"
        say(f"{r.key_id}  {r.name[:28]:28} {r.role:9} {state:18} {r.fingerprint}")
    return 0


def revoke(args, ctx) -> int:  # noqa: ANN001
    from ..core import identity

    view = identity.revoke(ctx.store, args.key_id).value
    say(f"Revoked {view.name}'s key {view.key_id}; packages signed with it are refused from now on.")
    return 0
