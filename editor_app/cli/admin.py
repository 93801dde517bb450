"""Newsroom administration: migrate, demo, staff accounts, the city vocabulary."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from editor_app.cli.common import acting, opened, print_json, read_password
from editor_app.domain.text import sentence_case
from editor_app.domain.workflow import Role


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date").set_defaults(
        handler=cmd_migrate)
    sub.add_parser("demo", parents=[common], help="fill an empty profile with the demo newsroom").set_defaults(
        handler=cmd_demo)

    users = sub.add_parser("users", parents=[common], help="staff accounts").add_subparsers(
        dest="users_command", metavar="ACTION", required=True)
    add = users.add_parser("add", parents=[common], help="add a staff account")
    add.add_argument("username")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--email", default="")
    add.add_argument("--password-stdin", action="store_true", help="read a password from standard input")
    add.set_defaults(handler=cmd_users_add)
    users.add_parser("list", parents=[common], help="list staff accounts as JSON").set_defaults(
        handler=cmd_users_list)
    for name, active in (("deactivate", False), ("activate", True)):
        change = users.add_parser(name, parents=[common], help=f"{name} a staff account")
        change.add_argument("username")
        change.set_defaults(handler=cmd_users_set_active, active=active)
    passwd = users.add_parser("passwd", parents=[common],
                              help="set a staff account's sign-in password (read from standard input)")
    passwd.add_argument("username")
    passwd.set_defaults(handler=cmd_users_passwd)
    rename = users.add_parser("rename", parents=[common], help="change the name an account is shown with")
    rename.add_argument("username")
    rename.add_argument("--name", required=True, help="the new display name")
    rename.set_defaults(handler=cmd_users_rename)
    remove = users.add_parser("remove", parents=[common],
                              help="remove an account that has no history (otherwise deactivate it)")
    remove.add_argument("username")
    remove.set_defaults(handler=cmd_users_remove)

    settings = sub.add_parser("settings", parents=[common], help="the newsroom's settings").add_subparsers(
        dest="settings_command", metavar="ACTION", required=True)
    settings.add_parser("show", parents=[common], help="print the settings as JSON").set_defaults(
        handler=cmd_settings_show)
    change = settings.add_parser("set", parents=[common], help="change settings (admins)")
    change.add_argument("--paper-name", help='the name as it reads in a byline ("Mirror-Spectator")')
    change.add_argument("--masthead", help="the title over the site's pages")
    change.add_argument("--time-zone", help='an IANA time zone ("America/New_York"): decides the weeks')
    change.add_argument("--top-story-slots", type=int, metavar="N", help="how many top stories a week has")
    change.add_argument("--credit-pattern", help='how a credit closes a caption: "{caption} ({credit})"')
    change.add_argument("--roundup-category", help="the category of the weekly top-stories post")
    change.set_defaults(handler=cmd_settings_set)

    cities = sub.add_parser("cities", parents=[common], help="the city vocabulary").add_subparsers(
        dest="cities_command", metavar="ACTION", required=True)
    cities.add_parser("list", parents=[common], help="list cities and their aliases as JSON").set_defaults(
        handler=cmd_cities_list)
    city_add = cities.add_parser("add", parents=[common], help="add a city")
    city_add.add_argument("name")
    city_add.add_argument("--country", default="")
    city_add.add_argument("--alias", action="append", default=[], metavar="A", help="another spelling (repeatable)")
    city_add.set_defaults(handler=cmd_cities_add)
    merge = cities.add_parser("merge", parents=[common], help="merge city FROM into INTO (stories follow)")
    merge.add_argument("source", metavar="FROM")
    merge.add_argument("target", metavar="INTO")
    merge.set_defaults(handler=cmd_cities_merge)


def cmd_migrate(args: argparse.Namespace) -> int:
    from editor_app.storage.engine import connect
    from editor_app.storage.migrate import migrate
    from editor_app.storage.profile import resolve_profile

    profile = resolve_profile(args.profile_dir, args.database_url)
    db = connect(profile)
    try:
        report = migrate(db, profile)
    finally:
        db.dispose()
    if report.applied:
        print(f"Migrated {db.description} from {report.before or 'empty'} to {report.after}: "
              f"{', '.join(report.applied)}.")
        if report.backup:
            print(f"Backup of the previous database: {report.backup}")
    else:
        print(f"{sentence_case(db.description)} is up to date (schema {report.after}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from editor_app.services.demo import create_demo_newsroom

    with opened(args) as db:
        summary = create_demo_newsroom(db, acting(db, args))
    print(f"Demo newsroom created in {db.description}: {summary}.")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from editor_app.services import users
    from editor_app.services.identity import is_embedded

    password = read_password() if args.password_stdin else None
    with opened(args) as db:
        # the very first admin of an empty shared newsroom is added without --as (see services.users)
        actor = acting(db, args) if args.acting_user or is_embedded(db) else None
        info = users.add_user(db, actor, args.username, args.name or args.username, Role(args.role),
                              password=password, email=args.email)
    print_json({"id": info.id, "username": info.username, "role": info.role.value,
                "has_password": info.has_password})
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from editor_app.services import users

    with opened(args) as db:
        listed = users.list_users(db, acting(db, args))
    print_json([u.__dict__ | {"role": u.role.value} for u in listed])
    return 0


def cmd_users_set_active(args: argparse.Namespace) -> int:
    from editor_app.services import users

    with opened(args) as db:
        info = users.set_active(db, acting(db, args), args.username, args.active)
    print_json({"username": info.username, "active": info.active})
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    from editor_app.services.auth import set_password

    password = read_password()
    with opened(args) as db:
        set_password(db, acting(db, args), args.username, password)
    print_json({"username": args.username, "has_password": True})
    return 0


def cmd_users_rename(args: argparse.Namespace) -> int:
    from editor_app.services import users

    with opened(args) as db:
        info = users.rename_user(db, acting(db, args), args.username, args.name)
    print_json({"username": info.username, "display_name": info.display_name})
    return 0


def cmd_users_remove(args: argparse.Namespace) -> int:
    from editor_app.services import users

    with opened(args) as db:
        users.remove_user(db, acting(db, args), args.username)
    print_json({"username": args.username, "removed": True})
    return 0


def cmd_cities_list(args: argparse.Namespace) -> int:
    from editor_app.services.vocab import list_cities

    with opened(args) as db:
        cities = list_cities(db, acting(db, args))
    print_json([{"id": c.id, "name": c.name, "country": c.country, "aliases": list(c.aliases)} for c in cities])
    return 0


def cmd_cities_add(args: argparse.Namespace) -> int:
    from editor_app.services.vocab import new_city

    with opened(args) as db:
        city = new_city(db, acting(db, args), args.name, args.country, args.alias)
    print_json({"id": city.id, "name": city.name, "country": city.country, "aliases": list(city.aliases)})
    return 0


def cmd_cities_merge(args: argparse.Namespace) -> int:
    from editor_app.services.city_merge import merge_cities

    with opened(args) as db:
        count = merge_cities(db, acting(db, args), args.source, args.target)
    print_json({"merged": args.source, "into": args.target, "stories": count})
    return 0


def cmd_settings_show(args: argparse.Namespace) -> int:
    from editor_app.services.settings import get_settings

    with opened(args) as db:
        print_json(asdict(get_settings(db, acting(db, args))))
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    from editor_app.services.settings import EDITABLE, get_settings, update_settings

    changes = {name: getattr(args, name) for name in EDITABLE if getattr(args, name, None) is not None}
    with opened(args) as db:
        actor = acting(db, args)
        current = get_settings(db, actor)
        print_json(asdict(update_settings(db, actor, current.version, **changes)))
    return 0
