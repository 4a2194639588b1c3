"""Fill the zh_Hans catalogue from tools/zh_hans.tsv (msgid<TAB>translation) after makemessages.

Run: .venv/bin/python tools/fill_translations.py  (it lists msgids still missing a translation)
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
table = dict(
    line.split("\t", 1)
    for line in (ROOT / "tools" / "zh_hans.tsv").read_text().splitlines()
    if "\t" in line
)
po_path = ROOT / "src" / "aftersales" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
po = polib.pofile(str(po_path))
missing = []
for entry in po:
    if entry.msgid in table:
        if entry.msgid_plural:
            # A plural entry is keyed by its singular msgid; every form (nplurals=1) gets it.
            entry.msgstr_plural = {n: table[entry.msgid] for n in entry.msgstr_plural or {0: ""}}
        else:
            entry.msgstr = table[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    elif not (entry.msgstr or entry.msgid_plural and all(entry.msgstr_plural.values())) or (
        "fuzzy" in entry.flags
    ):
        # A fuzzy guess from msgmerge is not a translation: list it until the table has one.
        missing.append(entry.msgid)
po.metadata["Language"] = "zh_Hans"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.save()
print(f"{len(po) - len(missing)} translated, {len(missing)} missing")
for msgid in missing:
    print("  missing:", msgid)
