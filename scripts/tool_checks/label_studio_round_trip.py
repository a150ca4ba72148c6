"""Manual check, not part of the suite: an export through Label Studio 1.23's import and export.

Run against a Label Studio of its own (its own venv: `pip install "label-studio==1.23.*"`,
then `label-studio start --port 8012 --enable-legacy-api-token --username ADMIN_EMAIL
--password PASS --user-token TOKEN`):

    python scripts/tool_checks/label_studio_round_trip.py TOKEN tasks.json config.xml out.json

It creates a project with the labeling config of `export --card`, imports the tasks
(annotations included), prints the text each span result covers, exports the project in
Label Studio's JSON format and writes it to the last argument, ready for `annotator
import-annotations --from label-studio`. See docs/export.md, "Checked against the real
tools".
"""

import json
import sys

import requests

BASE = "http://127.0.0.1:8012"
token, tasks_path, config_path, out = sys.argv[1:5]
http = requests.Session()
http.headers["Authorization"] = f"Token {token}"
project = http.post(
    f"{BASE}/api/projects",
    json={"title": "round trip", "label_config": open(config_path, encoding="utf-8").read()},
    timeout=60,
)
print("project", project.status_code, project.text[:200])
pid = project.json()["id"]
with open(tasks_path, "rb") as fh:
    imported = http.post(
        f"{BASE}/api/projects/{pid}/import",
        files={"file": ("tasks.json", fh, "application/json")},
        timeout=120,
    )
print("import", imported.status_code, imported.text[:300])
exported = http.get(f"{BASE}/api/projects/{pid}/export", params={"exportType": "JSON"}, timeout=120)
print("export", exported.status_code)
tasks = exported.json()
for task in tasks:
    text = task["data"]["text"]
    for annotation in task["annotations"]:
        regions = {r.get("id"): r for r in annotation["result"] if r["type"] == "labels"}
        for result in annotation["result"]:
            if result["type"] == "relation":  # evidence region -> holder region
                a, b = regions[result["from_id"]]["value"], regions[result["to_id"]]["value"]
                print(
                    annotation["completed_by"],
                    "relation",
                    result.get("labels"),
                    a["text"],
                    "->",
                    b["text"],
                )
                continue
            value = result["value"]
            if result["type"] == "labels":
                covered = text[value["start"] : value["end"]]
                print(annotation["completed_by"], value["labels"], covered, "==", value["text"])
            else:
                print(annotation["completed_by"], result["type"], value)
with open(out, "w", encoding="utf-8") as fh:
    json.dump(tasks, fh, ensure_ascii=False, indent=1)
