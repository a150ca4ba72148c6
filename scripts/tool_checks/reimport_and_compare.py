"""Manual check: empty the labels, import a tool's export, compare with the first export.

Arguments: SOURCE (doccano, label-studio) PATH FORMAT FIRST_EXPORT_FILE.
"""

import json
import sys
from pathlib import Path

from sqlalchemy import delete

from annotator import create_app
from annotator.extensions import db
from annotator.models import Annotation, Note
from annotator.services.annotation_import import AnnotationImportOptions, import_annotations
from annotator.services.exporting import ExportOptions, export_lines

HERE = Path(".")  # where holder_links_data.py wrote the database and the first exports
source, path, fmt, before_file = sys.argv[1:5]
app = create_app(
    {
        "SECRET_KEY": "x",
        "DATABASE_URL": f"sqlite:///{HERE / 'check.sqlite3'}",
        "INSTANCE_PATH": str(HERE / "instance"),
    }
)
with app.app_context():
    db.session.execute(delete(Annotation))
    db.session.execute(delete(Note))
    from annotator.services.passage_state import refresh_all_passage_states

    refresh_all_passage_states(db.session)
    db.session.commit()
    raw = Path(path).read_bytes().splitlines(keepends=True)
    opts = {"source": source, "as_user": "ann"}
    report = import_annotations(db.session, raw, AnnotationImportOptions(**opts))
    print("errors", report.errors, "imported", report.imported)
    db.session.commit()
    after = "".join(export_lines(db.session, ExportOptions(format=fmt, status="labeled")))
    before = (HERE / before_file).read_text(encoding="utf-8")

    def strip(text):
        if fmt == "label-studio":
            tasks = json.loads(text)
            for t in tasks:
                for a in t["annotations"]:
                    a.pop("created_at", None)
                    a.pop("updated_at", None)
            return tasks
        return [json.loads(x) for x in text.splitlines()]

    print("same as before:", strip(after) == strip(before))
    print(after[:700])
