"""The background jobs' part of the OpenAPI document (merged by annotator.api.openapi)."""

from __future__ import annotations

from typing import Any

from annotator.api.schemas import ID, STRING, _obj, nullable, ref
from annotator.models.jobs import JOB_KINDS, JOB_STATUSES
from annotator.search.openapi import CSRF_HEADER
from annotator.services.exporting import FILE_FORMATS, OFFSET_UNITS, STATUS_FILTERS

JSON = "application/json"
ERRORS = {
    400: "A field is wrong; `field` names it.",
    401: "Not signed in: send a session cookie or a bearer token.",
    403: "Signed in, but the role does not allow this.",
    404: "No such job, or not yours to see.",
    409: "The job had already ended.",
    502: "The job queue could not be reached; the job is recorded as failed.",
}
COUNT = {"type": "integer", "minimum": 0}
TIME = {"type": "string", "format": "date-time"}
JOB_ID = {
    "name": "job_id",
    "in": "path",
    "required": True,
    "description": "Job id.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _json(ref("Error"), ERRORS[code]) for code in codes}


def _started(summary: str, body: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "parameters": [CSRF_HEADER, *extra.pop("parameters", [])],
        "responses": {
            "202": {
                **_json(ref("Job"), "Queued; follow it at the Location header."),
                "headers": {"Location": {"schema": STRING, "description": "/api/jobs/{id}"}},
            },
            **_errors(400, 401, 403, 502),
        },
        **extra,
    }
    if body is not None:
        operation["requestBody"] = body
    return {"post": operation}


JOB_SCHEMAS: dict[str, Any] = {
    "Job": _obj(
        {
            "id": ID,
            "kind": {"enum": list(JOB_KINDS)},
            "title": STRING,
            "status": {"enum": list(JOB_STATUSES)},
            "stage": STRING,
            "done": COUNT,
            "total": nullable(COUNT),
            "percent": nullable({"type": "number", "minimum": 0, "maximum": 100}),
            "rate": nullable({"type": "number", "minimum": 0}),
            "seconds_left": nullable({"type": "integer", "minimum": 0}),
            "cancel_requested": {"type": "boolean"},
            "attempts": COUNT,
            "created_at": TIME,
            "started_at": nullable(TIME),
            "finished_at": nullable(TIME),
            "result": nullable({"type": "object"}),
            "error": nullable(STRING),
            "note": nullable(STRING),
            "finished": {"type": "boolean"},
        }
    ),
}

JOB_PATHS: dict[str, Any] = {
    "/api/jobs": {
        "get": {
            "operationId": "listJobs",
            "summary": "Admins: the 100 most recent jobs, newest first.",
            "parameters": [
                {"name": "kind", "in": "query", "schema": {"enum": list(JOB_KINDS)}},
            ],
            "responses": {
                "200": _json(_obj({"jobs": {"type": "array", "items": ref("Job")}}), "Jobs."),
                **_errors(400, 401, 403),
            },
        }
    },
    "/api/jobs/{job_id}": {
        "get": {
            "operationId": "getJob",
            "summary": "A job's progress (done of total, rate, seconds left) and outcome.",
            "parameters": [JOB_ID],
            "responses": {"200": _json(ref("Job"), "The job."), **_errors(401, 404)},
        }
    },
    "/api/jobs/{job_id}/cancel": {
        "post": {
            "operationId": "cancelJob",
            "summary": "Cancel a job: a running one stops at its next progress report.",
            "parameters": [JOB_ID, CSRF_HEADER],
            "responses": {"200": _json(ref("Job"), "Cancelling."), **_errors(401, 404, 409)},
        }
    },
    "/api/jobs/import": _started(
        "Admins: import one file (multipart field `file`) in the background.",
        {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": _obj(
                        {
                            "file": {"type": "string", "format": "binary"},
                            "source": STRING,
                            "skip_invalid": {"enum": ["1", "true", "on", "yes"]},
                        },
                        required=["file"],
                    )
                }
            },
        },
        operationId="startImportJob",
    ),
    "/api/jobs/reindex": _started(
        "Admins: re-index the articles a dictionary change made stale.",
        operationId="startReindexJob",
    ),
    "/api/jobs/train": _started(
        "Admins: train the label suggester.",
        operationId="startTrainJob",
        parameters=[{"name": "force", "in": "query", "schema": {"enum": ["1"]}}],
    ),
    "/api/jobs/export": _started(
        "Reviewers: export with a dataset card; download the zip from /jobs/{id}/download.",
        {
            "required": False,
            "content": {
                JSON: {
                    "schema": _obj(
                        {
                            "format": {"enum": list(FILE_FORMATS)},
                            "status": {"enum": list(STATUS_FILTERS)},
                            "include_boilerplate": {"type": "boolean"},
                            "offset_unit": nullable({"enum": list(OFFSET_UNITS)}),
                        },
                        required=[],
                    )
                }
            },
        },
        operationId="startExportJob",
    ),
}

__all__ = ["JOB_PATHS", "JOB_SCHEMAS"]
