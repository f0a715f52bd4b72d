"""The app's look: large, calm, readable; one style sheet for every page."""

from __future__ import annotations

STYLE_SHEET = """
QWidget { font-size: 10.5pt; }
QListWidget#navigation {
    background: #1f3a5f; color: #f5f7fa; border: none; font-size: 12pt; outline: 0;
}
QListWidget#navigation::item { padding: 11px 16px; border-left: 4px solid transparent; }
QListWidget#navigation::item:selected {
    background: #f5f7fa; color: #1f3a5f; border-left: 4px solid #e0a526; font-weight: bold;
}
QListWidget#navigation::item:hover:!selected { background: #2c4d77; }
QLabel#navigationTitle {
    background: #1f3a5f; color: #ffffff; font-size: 13pt; font-weight: bold; padding: 14px 16px;
}
QLabel#pageTitle { font-size: 16pt; font-weight: bold; color: #1f2933; padding: 2px 0 6px 0; }
QLabel#placeholderTitle { font-size: 16pt; font-weight: bold; color: #52606d; }
QLabel#placeholderNote { font-size: 12pt; color: #7b8794; }
QFrame#card { background: #ffffff; border: 1px solid #d9e2ec; border-radius: 6px; }
QLabel#memberPhoto { border: 1px solid #d0d5dd; color: #667085; }
QLabel#cardTitle { font-size: 12pt; font-weight: bold; color: #1f3a5f; }
QLabel#figure { font-size: 15pt; font-weight: bold; color: #1f2933; }
QLabel#figureLabel { color: #52606d; }
QLabel#muted { color: #7b8794; }
QLabel#difference[balanced="true"] { color: #1b7f3b; font-weight: bold; }
QLabel#difference[balanced="false"] { color: #b42318; font-weight: bold; }
QLineEdit[invalid="true"] { border: 2px solid #b42318; background: #fff5f5; }
QPushButton { padding: 5px 14px; }
QPushButton#primary { background: #1f3a5f; color: white; font-weight: bold; border-radius: 4px;
                      padding: 6px 16px; }
QPushButton#primary:disabled { background: #9aa5b1; }
QTableView { gridline-color: #e4e7eb; }
QHeaderView::section { background: #e4e7eb; padding: 4px; border: none;
                       border-right: 1px solid #cbd2d9; font-weight: bold; }
"""
