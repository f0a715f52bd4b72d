"""Qt's own words (standard buttons, text-box menus, file and print dialogs) in the app's language.

PySide6 ships no Indonesian translation of Qt, so "Save" and "Cancel" on standard buttons, "Copy"
and "Paste" in every text box's right-click menu, and Qt's own file and print dialogs (used on
Linux) would stay English in an otherwise Indonesian app. This translator answers Qt's lookups for
those words from coopdesk's own catalogue, in whatever language coopdesk is set to at the time.

Qt asks for a source text in a translation context (the class that calls `tr`); only the pairs in
QT_WORDS are answered, everything else falls back to Qt's English. The texts are Qt's own, with
the older Qt releases' wording kept beside the current one. Left English on purpose: key names
and key sequences (QShortcut, "Alt+Left": they are what is printed on the keys, and a translated
sequence would stop the shortcut working), paper-size names (QPageSize: "A4", "Folio"), unit
symbols ("mm", "in"), layout values ("2 (2x1)", "%1%"), and two words whose coopdesk meaning
differs: "Job" (a member's occupation, "Pekerjaan"; Qt's is the print job widget's title, which
is not shown) and "in" (money in, "masuk"; Qt's is the inch symbol).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from coopdesk.i18n import N_, _, language

#: Qt translation context -> Qt's source texts (mnemonics and all) that coopdesk translates.
QT_WORDS: dict[str, frozenset[str]] = {
    # Standard buttons (QDialogButtonBox, QMessageBox, Qt's own dialogs).
    "QPlatformTheme": frozenset({
        N_("OK"), N_("Save"), N_("Save All"), N_("Open"), N_("&Yes"), N_("Yes to &All"), N_("&No"),
        N_("N&o to All"), N_("Abort"), N_("Retry"), N_("Ignore"), N_("Close"), N_("Cancel"),
        N_("Discard"), N_("Help"), N_("Apply"), N_("Reset"), N_("Restore Defaults"),
    }),
    # The same buttons under a GNOME-like desktop (with mnemonics).
    "QGnomeTheme": frozenset({
        N_("&OK"), N_("&Save"), N_("&Cancel"), N_("&Close"), N_("Close without Saving"),
    }),
    # The same on macOS.
    "QCocoaTheme": frozenset({
        N_("Don't Save"),
    }),
    "QDialogButtonBox": frozenset({
        N_("OK"),
    }),
    # Message boxes (not the long "About Qt" texts).
    "QMessageBox": frozenset({
        N_("OK"), N_("Help"), N_("About Qt"), N_("Show Details..."), N_("Hide Details..."),
    }),
    "QInputDialog": frozenset({
        N_("Enter a value:"),
    }),
    # The right-click menu of every text box.
    "QLineEdit": frozenset({
        N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"),
        N_("Select All"),
    }),
    # The right-click menu of multi-line text boxes.
    "QWidgetTextControl": frozenset({
        N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"),
        N_("Select All"), N_("Copy &Link Location"),
    }),
    # Spin boxes' right-click menu (with the text box's words above).
    "QAbstractSpinBox": frozenset({
        N_("&Select All"), N_("&Step up"), N_("Step &down"),
    }),
    # Tab bars' scroll buttons (read out by screen readers).
    "QTabBar": frozenset({
        N_("Scroll Left"), N_("Scroll Right"),
    }),
    # Qt's own file dialog (Linux), with older Qt's texts for the same widgets.
    "QFileDialog": frozenset({
        N_("'%1' is write protected.\nDo you want to delete it anyway?"),
        N_("Are you sure you want to delete '%1'?"), N_("%1 File"),
        N_("%1 already exists.\nDo you want to replace it?"),
        N_("%1\nDirectory not found.\nPlease verify the correct directory name was given."),
        N_("%1\nFile not found.\nPlease verify the correct file name was given."), N_("&Choose"),
        N_("&Delete"), N_("&New Folder"), N_("&Open"), N_("&Rename"), N_("&Save"), N_("Alias"),
        N_("All Files (*)"), N_("All files (*)"), N_("Back"), N_("Forward"),
        N_("Change to detail view mode"), N_("Change to list view mode"),
        N_("Could not delete directory."), N_("Create New Folder"), N_("Create a New Folder"),
        N_("Delete"), N_("Detail View"), N_("Directories"), N_("Directory:"), N_("Drive"),
        N_("File &name:"), N_("File Folder"), N_("File"), N_("Files of type:"),
        N_("Files of &type:"), N_("Files"), N_("Find Directory"), N_("Folder"), N_("Go back"),
        N_("Go forward"), N_("Go to the parent directory"), N_("List View"),
        N_("List of places and bookmarks"), N_("Look in:"), N_("&Look in:"), N_("My Computer"),
        N_("New Folder"), N_("Open"), N_("Parent Directory"), N_("Recent Places"), N_("Remove"),
        N_("Save As"), N_("Shortcut"), N_("Show &hidden files"), N_("Show "), N_("Sidebar"),
        N_("Unknown"),
    }),
    # The file dialog's "Type" column.
    "QAbstractFileIconProvider": frozenset({
        N_("Alias"), N_("Drive"), N_("File"), N_("File Folder"), N_("Folder"), N_("Shortcut"),
        N_("Unknown"),
    }),
    "QFileSystemModel": frozenset({
        N_("%1 bytes"), N_("%1 byte(s)"),
        N_("<b>The name \"%1\" can not be used.</b><p>Try using another name, with fewer "
           "characters or no punctuations marks."),
        N_("<b>The name \"%1\" cannot be used.</b><p>Try using another name, with fewer "
           "characters or no punctuation marks."),
        N_("Computer"), N_("My Computer"), N_("Date Modified"), N_("Invalid filename"), N_("Kind"),
        N_("Name"), N_("Size"), N_("Type"),
    }),
    # The print dialog (Linux).
    "QPrintDialog": frozenset({
        N_("Options 'Pages Per Sheet' and 'Page Set' cannot be used together.\nPlease turn "
           "one of those options off."),
        N_("The 'From' value cannot be greater than the 'To' value."),
        N_("%1 already exists.\nDo you want to overwrite it?"),
        N_("%1 is a directory.\nPlease choose a different file name."),
        N_("File %1 is not writable.\nPlease choose a different file name."),
        N_("%1 does not follow the correct syntax. Please use ',' to separate ranges and "
           "pages, '-' to define ranges and make sure ranges do not intersect with each "
           "other."),
        N_("Invalid Pages Definition"), N_("Duplex Settings Conflicts"),
        N_("There are conflicts in duplex settings. Do you want to fix them?"), N_("&Options <<"),
        N_("&Options >>"), N_("&Print"), N_("All Pages"), N_("Odd Pages"), N_("Even Pages"),
        N_("Automatic"), N_("Bottom to Top, Left to Right"), N_("Bottom to Top, Right to Left"),
        N_("Left to Right, Bottom to Top"), N_("Left to Right, Top to Bottom"),
        N_("Right to Left, Bottom to Top"), N_("Right to Left, Top to Bottom"),
        N_("Top to Bottom, Left to Right"), N_("Top to Bottom, Right to Left"), N_("Local file"),
        N_("OK"), N_("Print To File ..."), N_("Print to File (PDF)"), N_("Print"),
        N_("Write PDF file"),
    }),
    "QPrintWidget": frozenset({
        N_("&Name:"), N_("Form"), N_("Location:"), N_("Output &file:"), N_("P&roperties"),
        N_("Preview"), N_("Printer"), N_("Type:"),
    }),
    "QPrintSettingsOutput": frozenset({
        N_("Collate"), N_("Color Mode"), N_("Color"), N_("Copies"), N_("Copies:"),
        N_("Current Page"), N_("Duplex Printing"), N_("Double Sided Printing"), N_("Form"),
        N_("Grayscale"), N_("Long side"), N_("Long side binding"), N_("Short side"),
        N_("Short side binding"), N_("None"), N_("Off"), N_("Options"), N_("Output Settings"),
        N_("Page Set:"), N_("Page &Set:"), N_("Pages"), N_("Pages from"), N_("Print all"),
        N_("Print range"), N_("Reverse"), N_("Selection"), N_("to"),
        N_("Specify pages or ranges separated by commas. Ranges are specified by two numbers "
           "separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9."),
    }),
    "QPrintPropertiesDialog": frozenset({
        N_("Printer Properties"), N_("Job Options"),
    }),
    "QPrintPropertiesWidget": frozenset({
        N_("Form"), N_("Page"), N_("Advanced"),
        N_("There are conflicts in some options. Please fix them."),
    }),
    # Page setup: paper, orientation, margins.
    "QPageSetupWidget": frozenset({
        N_("Cicero (CC)"), N_("Didot (DD)"), N_("Custom"), N_("Form"), N_("Height:"), N_("Width:"),
        N_("Inches (in)"), N_("Millimeters (mm)"), N_("Points (pt)"), N_("Pica (P̸)"),
        N_("Landscape"), N_("Portrait"), N_("Reverse landscape"), N_("Reverse portrait"),
        N_("Margins"), N_("Orientation"), N_("Page Layout"), N_("Page order:"), N_("Page &order:"),
        N_("Page size:"), N_("Pages per sheet:"), N_("Pages &per sheet:"), N_("Paper"),
        N_("Paper source:"), N_("top margin"), N_("bottom margin"), N_("left margin"),
        N_("right margin"),
    }),
    # The print job tab for CUPS printers.
    "QCupsJobWidget": frozenset({
        N_("Banner Pages"), N_("Billing information:"), N_("&Billing information:"),
        N_("Classified"), N_("Confidential"), N_("Unclassified"), N_("Secret"), N_("Top Secret"),
        N_("Day (06:00 to 17:59)"), N_("Night (18:00 to 05:59)"),
        N_("Second Shift (16:00 to 23:59)"), N_("Third Shift (00:00 to 07:59)"),
        N_("Weekend (Saturday to Sunday)"), N_("End:"), N_("&End:"), N_("Start:"), N_("&Start:"),
        N_("Hold Indefinitely"), N_("Job Control"), N_("Job priority:"), N_("Job &priority:"),
        N_("None"), N_("Print Immediately"), N_("Scheduled printing:"), N_("Scheduled &printing:"),
        N_("Specific Time"), N_("Standard"),
    }),
    "QPrintPreviewDialog": frozenset({
        N_("Export to PDF"), N_("First page"), N_("Last page"), N_("Next page"),
        N_("Previous page"), N_("Fit page"), N_("Fit width"), N_("Landscape"), N_("Portrait"),
        N_("Page Setup"), N_("Page setup"), N_("Print Preview"), N_("Print"),
        N_("Show facing pages"), N_("Show overview of all pages"), N_("Show single page"),
        N_("Zoom in"), N_("Zoom out"),
    }),
}


class CatalogueTranslator(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        words = QT_WORDS.get(context)
        if language() == "en" or words is None or source_text not in words:
            # None is a null QString, which lets Qt fall back to its own text ("" would not:
            # Qt takes an empty, non-null string as the translation).
            return None
        return _(source_text)


def install(app: QCoreApplication) -> CatalogueTranslator:
    translator = CatalogueTranslator(app)
    app.installTranslator(translator)
    return translator
