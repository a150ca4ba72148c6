"""Export the dataset: streamed native JSONL, doccano and Label Studio, and a dataset card."""

from annotator.services.exporting.card import CardStats, agreement_from_stats, render_card
from annotator.services.exporting.formats import (
    FILE_FORMATS,
    FORMATS,
    OFFSET_UNITS,
    STATUS_FILTERS,
    ExportOptionError,
    ExportOptions,
    export_lines,
    native_lines,
)
from annotator.services.exporting.label_studio import labeling_config
from annotator.services.exporting.native import SCHEMA_VERSION, dumps, native_schema

__all__ = [
    "FILE_FORMATS",
    "FORMATS",
    "OFFSET_UNITS",
    "SCHEMA_VERSION",
    "STATUS_FILTERS",
    "CardStats",
    "ExportOptionError",
    "ExportOptions",
    "agreement_from_stats",
    "dumps",
    "export_lines",
    "labeling_config",
    "native_lines",
    "native_schema",
    "render_card",
]
