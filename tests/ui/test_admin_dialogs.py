"""The admin's screens: staff accounts (list, add with role and password, rename, set a password, deactivate
and reactivate) and the newsroom's settings (checked as typed, a version conflict shown), admin-only."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from editor_app.domain.passwords import verify_password
from editor_app.domain.workflow import Role
from editor_app.services.settings import get_settings, update_settings
from editor_app.services.users import list_users
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from editor_app.ui.workflow.admin_staff import AccountDialog, NewAccount, StaffDialog
from tests.ui.conftest import WindowFactory
from tests.workflow_helpers import Staff, add_staff, user_row


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


@pytest.fixture
def admin(make_window: WindowFactory, profile: Profile, staff: Staff) -> MainWindow:
    return make_window(profile.dir)  # the profile's owner: an admin


def staff_dialog(window: MainWindow) -> StaffDialog:
    window.workflow.admin.staff_action.trigger()
    dialog = window.workflow.admin.staff_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_admin_menus_are_for_admins_only(make_window: WindowFactory, profile: Profile, staff: Staff) -> None:
    editor = make_window(profile.dir, acting_user="anna")
    for action in (editor.workflow.admin.staff_action, editor.workflow.admin.settings_action):
        assert not action.isEnabled() and action.toolTip().startswith("Only an admin may ")
    assert editor.workflow.admin.staff_action.toolTip() == "Only an admin may manage staff accounts."


def test_add_rename_set_password_deactivate_and_reactivate(admin: MainWindow, newsroom: Database,
                                                           staff: Staff) -> None:
    dialog = staff_dialog(admin)
    assert [info.username for info in dialog.accounts] == [u.username for u in list_users(newsroom, staff.admin)]
    assert dialog.table.rowCount() == 6 and not dialog.rename_button.isEnabled()

    dialog.ask_account = lambda: NewAccount("sona", "Sona Grigoryan", Role.PHOTO_DESK, "a fine long password")
    dialog.add_button.click()
    assert dialog.message.text() == "Account 'sona' added."
    assert password_works(newsroom, "sona", "a fine long password")
    dialog.select("sona")
    row = next(i for i, info in enumerate(dialog.accounts) if info.username == "sona")
    cells = [cell(dialog, row, column) for column in range(5)]
    assert cells == ["sona", "Sona Grigoryan", "Photo desk", "yes", "set"]

    dialog.ask_name = lambda current: "Sona G."
    dialog.rename_button.click()
    assert "now shown as “Sona G.”" in dialog.message.text()
    dialog.ask_password = lambda username: "an even longer password"
    dialog.password_button.click()
    assert dialog.message.text() == "New password set for 'sona' (a sign-in pause is lifted too)."
    assert password_works(newsroom, "sona", "an even longer password")
    assert user_row(newsroom, "sona").display_name == "Sona G."

    assert dialog.active_button.text() == "&Deactivate"
    dialog.active_button.click()
    assert dialog.message.text() == "'sona' deactivated: it can no longer sign in."
    assert cell(dialog, row, 3) == "deactivated" and dialog.active_button.text() == "&Activate"
    dialog.active_button.click()
    assert cell(dialog, row, 3) == "yes"

    dialog.select(admin.actor.username if admin.actor else "")
    dialog.active_button.click()  # one's own account: the service refuses, the dialog says why
    assert dialog.message.text() == "You cannot deactivate your own account. Ask another admin."
    dialog.ask_account = lambda: NewAccount("Bad Name!", "", Role.WRITER, "a fine long password")
    dialog.add_button.click()
    assert dialog.message.text().startswith("'Bad Name!' is not a valid user name.")


def cell(dialog: StaffDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None
    return item.text()


def password_works(db: Database, username: str, password: str) -> bool:
    hashed = user_row(db, username).password_hash
    return hashed is not None and verify_password(password, hashed)


def test_the_account_dialog_checks_the_password_twice(admin: MainWindow) -> None:
    dialog = AccountDialog(admin)
    dialog.username.setText("New.Person")
    dialog.password.setText("short")
    dialog.again.setText("short")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.problem.text().startswith("The password is too short (5 characters).")
    dialog.password.setText("a long enough password")
    dialog.again.setText("a long enough passwort")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.problem.text() == "The two passwords differ. Type the same password twice."
    dialog.again.setText("a long enough password")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.account().username == "new.person"


def test_newsroom_settings_checked_saved_and_a_conflict_shown(admin: MainWindow, newsroom: Database,
                                                              staff: Staff) -> None:
    admin.workflow.admin.settings_action.trigger()
    dialog = admin.workflow.admin.settings_dialog
    assert dialog is not None and dialog.texts["paper_name"].text() == get_settings(newsroom, staff.admin).paper_name
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # nothing changed yet
    dialog.time_zone.setCurrentText("Mars/Olympus_Mons")
    assert dialog.problem.text().startswith("'Mars/Olympus_Mons' is not a time zone this computer knows.")
    assert not save.isEnabled()
    dialog.time_zone.setCurrentText("Asia/Yerevan")
    dialog.texts["paper_name"].setText("Meridian Weekly")
    assert save.isEnabled() and dialog.problem.text() == "Unsaved changes."

    other = get_settings(newsroom, staff.admin)
    update_settings(newsroom, staff.admin, other.version, roundup_category="Week in Review")  # another admin
    save.click()
    assert dialog.isVisible() and dialog.problem.text().startswith("The newsroom settings were changed by someone else")
    assert dialog.texts["roundup_category"].text() == "Week in Review"  # their values, shown
    dialog.time_zone.setCurrentText("Asia/Yerevan")
    save.click()
    assert not dialog.isVisible()
    saved = get_settings(newsroom, staff.admin)
    assert (saved.time_zone, saved.roundup_category) == ("Asia/Yerevan", "Week in Review")
    assert admin.desk.controller.newsroom is not None
    assert admin.desk.controller.newsroom.settings.time_zone == "Asia/Yerevan"  # the window follows
