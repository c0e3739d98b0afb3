"""Column layouts of headerless PBX CSV files. A layout is declared by the user (a name, or a
column order), never guessed from the data.

A layout is a list of column names; what a column means comes from its name:

| role        | column names (first present non-empty one wins for the subscriber) |
|-------------|--------------------------------------------------------------------|
| record id   | uniqueid, uuid                                                     |
| subscriber  | accountcode, then src, then caller_id_number                       |
| destination | dst, destination_number, destination                               |
| start       | start, start_stamp (the call's start, also for unanswered calls)   |
| seconds     | billsec                                                            |
| duration    | duration (optional: billsec may not exceed it)                     |
| answered    | disposition = ANSWERED; without disposition: answer/answer_stamp set |

Other names (clid, lastapp, userfield, …) are read and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from kontor.adapters.cdr.records import UsageRefused
from kontor.messages.reasons import reason

ASTERISK_CDR_CSV = (
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp",
    "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags",
    "uniqueid", "userfield",
)
# cdr_csv with newcdrcolumns / the 21-column variant: the standard 18, then three more.
ASTERISK_EXTRA = ("peeraccount", "linkedid", "sequence")
# The cdr_custom.conf sample mapping (KelySaina's file).
ASTERISK_CDR_CUSTOM = (
    "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata", "start",
    "answer", "end", "duration", "billsec", "disposition", "amaflags", "accountcode",
    "uniqueid", "userfield", "sequence",
)
# FreeSWITCH mod_cdr_csv, the `example` template of cdr_csv.conf.xml (variable names).
FREESWITCH_EXAMPLE = (
    "caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp",
    "answer_stamp", "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid",
    "accountcode", "read_codec", "write_codec",
)

ROLE_NAMES = {
    "record_id": ("uniqueid", "uuid"),
    "subscriber": ("accountcode", "src", "caller_id_number"),
    "destination": ("dst", "destination_number", "destination"),
    "start": ("start", "start_stamp"),
    "billsec": ("billsec",),
    "duration": ("duration",),
    "disposition": ("disposition",),
    "answer": ("answer", "answer_stamp"),
}
PBX_FORMATS = ("asterisk", "freeswitch")
DISPOSITIONS = ("ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION")


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[str, ...]
    column_counts: tuple[int, ...]  # field counts a row may have (the extra columns ignored)

    def index(self, role: str) -> int | None:
        """The first column of a single-column role, or None."""
        found = self.indexes(role)
        return found[0] if found else None

    def indexes(self, role: str) -> list[int]:
        return [self.columns.index(n) for n in ROLE_NAMES[role] if n in self.columns]


LAYOUTS = {
    "asterisk": Layout("asterisk", ASTERISK_CDR_CSV + ASTERISK_EXTRA, (18, 21)),
    "asterisk-cdr-custom": Layout("asterisk-cdr-custom", ASTERISK_CDR_CUSTOM, (19,)),
    "freeswitch": Layout("freeswitch", FREESWITCH_EXAMPLE, (15,)),
}


def layout_for(name: str | None = None, columns: list[str] | str | None = None) -> Layout:
    """The named layout, or one from a column order (a list or a comma-separated string)."""
    if name is not None and columns is not None:
        raise UsageRefused(reason("layout_and_columns"))
    if columns is not None:
        return layout_from_columns(columns)
    name = name or "asterisk"
    if name not in LAYOUTS:
        raise UsageRefused(reason("unknown_layout", name=repr(name),
                                  known=", ".join(sorted(LAYOUTS))))
    return LAYOUTS[name]


def pbx_layout(fmt: str, layout: str | None, columns: list[str] | str | None) -> Layout:
    """The layout of a headerless PBX file: fmt "asterisk" (layout default "asterisk") or
    "freeswitch" (layout default "freeswitch")."""
    if fmt not in PBX_FORMATS:
        raise UsageRefused(reason("unknown_format", name=repr(fmt),
                                  known=", ".join(("canonical", *PBX_FORMATS))))
    if layout is None and columns is None:
        layout = fmt
    return layout_for(layout, columns)


def layout_from_columns(columns: list[str] | str) -> Layout:
    names = [n.strip() for n in (columns.split(",") if isinstance(columns, str) else columns)]
    doubled = sorted({n for n in names if n and names.count(n) > 1})
    if doubled:
        raise UsageRefused(reason("columns_repeated", names=", ".join(doubled)))
    layout = Layout("columns", tuple(names), (len(names),))
    needs = [("record_id", "record id"), ("subscriber", "subscriber"),
             ("destination", "destination"), ("start", "start"), ("billsec", "seconds")]
    lacking = [f"{what} ({' or '.join(ROLE_NAMES[role])})"
               for role, what in needs if not layout.indexes(role)]
    if not layout.indexes("disposition") and not layout.indexes("answer"):
        lacking.append("answered (disposition or answer)")
    if lacking:
        raise UsageRefused(reason("columns_lacking", lacking=", ".join(lacking)))
    return layout
