"""Manual check: a throw-away database with holder stances and links; writes the tool exports
(relations.jsonl, tasks.json, native.jsonl, config.xml) into the folder given (default .).
"""

import sys
from pathlib import Path

from annotator import create_app
from annotator.extensions import db
from annotator.services.annotating import (
    SpanInput,
    find_label_set,
    load_vocabulary,
    save_choice,
    save_spans,
)
from annotator.services.exporting import ExportOptions, export_lines
from annotator.services.exporting.label_studio import labeling_config
from annotator.services.importing import import_file
from annotator.services.importing.store import ImportOptions
from annotator.services.schema import apply_schema, default_schema, snapshot
from annotator.services.setup import upgrade_database
from annotator.services.tokenizer import get_tokenizer
from annotator.services.users import create_user

HERE = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
db_file = HERE / "check.sqlite3"
db_file.unlink(missing_ok=True)
app = create_app(
    {
        "SECRET_KEY": "x",
        "DATABASE_URL": f"sqlite:///{db_file}",
        "INSTANCE_PATH": str(HERE / "instance"),
    }
)
TEXT = "关系检查\n\n😀OpenAI不开源𠮷,网友嘲讽CloseAI,杨立昆(LeCun)批评这个决定。\n"
with app.app_context():
    upgrade_database()
    apply_schema(db.session, default_schema(), note="default")
    db.session.commit()
    report = import_file(
        db.session,
        Path("check.txt"),
        get_tokenizer(db.session),
        ImportOptions(),
        data=TEXT.encode(),
    )
    db.session.commit()
    ann = create_user(db.session, "ann", "correct-horse-battery-staple", role="editor")
    db.session.commit()
    from annotator.models import Passage

    p = db.session.query(Passage).filter(Passage.text.contains("OpenAI")).one()
    v = load_vocabulary(db.session)
    save_choice(db.session, p, ann.id, find_label_set(v, "stance"), ["neutral_or_mixed"], None)
    t = p.text

    def at(s):
        i = t.index(s)
        return i, i + len(s)

    o, n, m, yang = at("OpenAI"), at("网友"), at("嘲讽CloseAI"), at("杨立昆")
    spans = [
        SpanInput(*o, "holder", "against_open_release"),
        SpanInput(*n, "holder", "for_open_release"),
        SpanInput(*yang, "holder"),
        SpanInput(*m, "evidence", None, n),
        SpanInput(*at("批评这个决定"), "evidence", None, yang),
    ]
    save_spans(db.session, p, ann.id, find_label_set(v, "spans"), spans, None, v.sets["stance"])
    db.session.commit()
    for fmt, name in (
        ("doccano-relations", "relations.jsonl"),
        ("label-studio", "tasks.json"),
        ("native", "native.jsonl"),
    ):
        (HERE / name).write_text(
            "".join(export_lines(db.session, ExportOptions(format=fmt, status="labeled"))),
            encoding="utf-8",
        )
    (HERE / "config.xml").write_text(labeling_config(snapshot(db.session)), encoding="utf-8")
print((HERE / "relations.jsonl").read_text())
