"""Native lines as a Parquet file: an explicit Arrow schema, written in row groups.

A buffer of ROW_GROUP lines becomes one row group, so memory holds one group whatever the
size of the export. The values are exactly those of the JSONL (no NaN, dates and
timestamps as the same strings), so `datasets`, pandas and DuckDB read the same rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.services.exporting.columns import arrow_schema
from annotator.services.exporting.vocabulary import ExportVocabulary

ROW_GROUP = 5000


class ParquetLines:
    """Write native line objects to a Parquet file, one row group per ROW_GROUP lines."""

    def __init__(self, path: Path, vocabulary: ExportVocabulary) -> None:
        # Imported here: pyarrow adds ~80 MB to every process that imports it, and the CLI
        # and web workers import this module whether or not they ever write Parquet.
        import pyarrow.parquet as pq

        self.schema = arrow_schema(vocabulary)
        self._writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self._buffer: list[dict[str, Any]] = []
        self.rows = 0

    def add(self, line: dict[str, Any]) -> None:
        """Buffer one line; a full buffer is written as a row group."""
        self._buffer.append(line)
        if len(self._buffer) >= ROW_GROUP:
            self._flush()

    def observe(self, line: dict[str, Any], data: object) -> None:
        """The export observer's signature: tee the exported lines into this file."""
        self.add(line)

    def _flush(self) -> None:
        import pyarrow as pa

        if self._buffer:
            table = pa.Table.from_pylist(self._buffer, schema=self.schema)
            self._writer.write_table(table, row_group_size=ROW_GROUP)
            self.rows += len(self._buffer)
            self._buffer = []

    def close(self) -> None:
        """Write what is buffered and the file's footer."""
        self._flush()
        self._writer.close()
