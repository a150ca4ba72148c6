"""Manual check, not part of the suite: an export through doccano 1.8.4's import and export.

Run against a doccano of its own (its own venv: `pip install doccano==1.8.4 "numpy<2"
"marshmallow<4"`, then `doccano init`, `doccano createuser --username admin --password
pass1234`, `doccano webserver --port 8011` and `doccano task`):

    python scripts/tool_checks/doccano_round_trip.py SequenceLabeling spans.jsonl out.jsonl
    python scripts/tool_checks/doccano_round_trip.py DocumentClassification cls.jsonl out.jsonl
    python scripts/tool_checks/doccano_round_trip.py Relations relations.jsonl out.jsonl

(`Relations`: a sequence labelling project with relation labelling on, fed an
`export --format doccano-relations` file as "JSONL(Relation)"; it also prints each stored
relation with the texts of its two entities.)

It creates a project (sequence labelling: grapheme mode off, overlapping spans allowed),
imports the file through doccano's upload API, prints each stored span with the text its
offsets cover read as UTF-16 units and as code points, exports the project and writes
doccano's JSONL to the last argument, ready for `annotator import-annotations --from
doccano`. See docs/export.md, "Checked against the real tools".
"""

import io
import json
import sys
import time
import zipfile

import requests

BASE = "http://127.0.0.1:8011"
s = requests.Session()
s.get(f"{BASE}/v1/health")
r = s.post(f"{BASE}/v1/auth/login/", json={"username": "admin", "password": "pass1234"})
print("login", r.status_code)
s.headers["X-CSRFToken"] = s.cookies.get("csrftoken", "")
kind, path = sys.argv[1], sys.argv[2]
relations = kind == "Relations"
if relations:
    kind = "SequenceLabeling"
FORMAT = "JSONL"  # doccano lists it as "JSONL(Relation)"; the task says relations
project = {
    "name": f"check {kind} {time.time()}",
    "description": "d",
    "guideline": "",
    "project_type": kind,
    "random_order": False,
    "collaborative_annotation": False,
    "tags": [],
}
if kind == "SequenceLabeling":
    project.update(
        resourcetype="SequenceLabelingProject",
        allow_overlapping=True,
        grapheme_mode=False,
        use_relation=relations,
    )
else:
    project.update(resourcetype="TextClassificationProject", single_class_classification=False)
r = s.post(f"{BASE}/v1/projects", json=project)
print("project", r.status_code, r.text[:200])
pid = r.json()["id"]
r = s.post(
    f"{BASE}/v1/fp/process/", files={"filepond": ("x.jsonl", open(path, "rb"), "application/json")}
)
print("upload", r.status_code, r.text[:100])
upload_id = r.text.strip()
r = s.post(
    f"{BASE}/v1/projects/{pid}/upload",
    json={
        "uploadIds": [upload_id],
        "format": FORMAT,
        "task": "RelationExtraction" if relations else kind,
        "column_data": "text",
        "column_label": "label",
        "delimiter": "",
        "encoding": "utf_8",
    },
)
print("import", r.status_code, r.text[:200])
task = r.json()["task_id"]
for _ in range(60):
    st = s.get(f"{BASE}/v1/tasks/status/{task}").json()
    if st.get("ready"):
        break
    time.sleep(1)
print("import status", json.dumps(st, ensure_ascii=False)[:400])
examples = s.get(f"{BASE}/v1/projects/{pid}/examples?limit=100").json()["results"]
labels_url = "span-types" if kind == "SequenceLabeling" else "category-types"
types = {t["id"]: t["text"] for t in s.get(f"{BASE}/v1/projects/{pid}/{labels_url}").json()}
for ex in examples:
    text = ex["text"]
    if kind == "SequenceLabeling":
        spans = s.get(f"{BASE}/v1/projects/{pid}/examples/{ex['id']}/spans").json()
        for sp in spans:
            a, b = sp["start_offset"], sp["end_offset"]
            covered = text.encode("utf-16-le")[2 * a : 2 * b].decode("utf-16-le")
            print(
                "stored",
                a,
                b,
                types[sp["label"]],
                "utf16 text:",
                covered,
                "| codepoint text:",
                text[a:b],
            )
        if relations:
            by_id = {sp["id"]: sp for sp in spans}
            rel_types = {
                t["id"]: t["text"] for t in s.get(f"{BASE}/v1/projects/{pid}/relation-types").json()
            }
            for rel in s.get(f"{BASE}/v1/projects/{pid}/examples/{ex['id']}/relations").json():
                a, b = by_id[rel["from_id"]], by_id[rel["to_id"]]

                units = text.encode("utf-16-le")
                a_text = units[2 * a["start_offset"] : 2 * a["end_offset"]].decode("utf-16-le")
                b_text = units[2 * b["start_offset"] : 2 * b["end_offset"]].decode("utf-16-le")
                print("relation", rel_types[rel["type"]], a_text, "->", b_text)
    else:
        cats = s.get(f"{BASE}/v1/projects/{pid}/examples/{ex['id']}/categories").json()
        print("stored", [types[c["label"]] for c in cats])
# A relations project exports plain "JSONL" (entities and relations in each line).
r = s.post(f"{BASE}/v1/projects/{pid}/download", json={"format": "JSONL", "exportApproved": False})
print("export", r.status_code, r.text[:200])
task = r.json()["task_id"]
for _ in range(60):
    st = s.get(f"{BASE}/v1/tasks/status/{task}").json()
    if st.get("ready"):
        break
    time.sleep(1)
r = s.get(f"{BASE}/v1/projects/{pid}/download", params={"taskId": task})
print("download", r.status_code, r.headers.get("Content-Type"))
data = r.content
out = sys.argv[3]
if data[:2] == b"PK":
    z = zipfile.ZipFile(io.BytesIO(data))
    print("zip members", z.namelist())
    data = z.read(z.namelist()[0])
open(out, "wb").write(data)
print(data.decode("utf-8")[:600])
