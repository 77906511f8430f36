"""What the window remembers: a hand-edited or damaged settings file gives
defaults, never a window that does not start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from mnist_draw.ui.canvas import DEFAULT_BRUSH
from mnist_draw.ui.settings import APPLICATION, ORGANISATION, AppSettings

NUMBER = r"@Variant(\0\0\0\x2\0\0\0\x5)"  # how QSettings writes the int 5 in an ini file


def write_settings(text: str) -> Path:
    """The settings file the window reads (the test's own, see conftest), with ``text`` in it."""
    path = Path(QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANISATION, APPLICATION).fileName())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_number_where_the_recent_files_belong_gives_no_recent_files_and_the_window_starts(qtbot):
    from mnist_draw.ui.app import application, create_window

    write_settings(f"[files]\nrecent={NUMBER}\n")
    assert AppSettings().recent_files() == []
    application()
    main = create_window(None)  # FileController reads the recent files while the window is built
    qtbot.addWidget(main)
    assert not main.files.recent_menu.isEnabled()
    main.show()
    qtbot.waitUntil(lambda: main.recognizer.model() is not None, timeout=20_000)
    main.close()


def test_recent_files_keep_only_the_texts_of_a_hand_edited_list():
    write_settings("[files]\nrecent=/a/one.png, 7, , /b/two.png\n")
    assert AppSettings().recent_files() == ["/a/one.png", "7", "/b/two.png"]


def test_folders_the_system_refuses_to_look_at_give_the_defaults():
    too_long = "/" + "a" * 5000  # stat() fails with "file name too long", not with "no such file"
    write_settings(f"[files]\nlast_folder={too_long}\n[training]\nmnist_data={too_long}\n")
    settings = AppSettings()
    assert settings.last_folder() == str(Path.home())
    assert settings.mnist_data() is None


def test_values_of_the_wrong_kind_give_the_defaults():
    write_settings(
        f"[files]\nlast_folder={NUMBER}\n[training]\nmnist_data={NUMBER}\n"
        "[canvas]\nbrush_size=thick\n[reading]\nnumber_mode=maybe\n"
        "[window]\ngeometry=not bytes\nstate=@ByteArray(nonsense)\n"
    )
    settings = AppSettings()
    assert settings.last_folder() == str(Path.home())
    assert settings.mnist_data() is None
    assert settings.brush_size(DEFAULT_BRUSH) == DEFAULT_BRUSH
    assert settings.number_mode() is False


def test_a_window_whose_saved_place_is_nonsense_starts_at_its_default_size(qtbot):
    from mnist_draw.ui.main_window import DEFAULT_SIZE, MainWindow

    write_settings("[window]\ngeometry=not bytes\nstate=@ByteArray(nonsense)\n")
    main = MainWindow()
    qtbot.addWidget(main)
    assert main.size() == DEFAULT_SIZE
