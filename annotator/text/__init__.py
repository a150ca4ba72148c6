"""Pure text processing for imported articles: no Flask, no database.

file bytes -> decode -> normalise -> split into passages -> classify chrome,
plus metadata, tokens for search and snapping, and stance cues.
"""

from annotator.text.chrome import BODY, BOILERPLATE, Classification, classify
from annotator.text.cues import DEFAULT_CUES, Cue, find_cues
from annotator.text.decode import Decoded, DecodeError, decode_bytes, reject_reason_for_text
from annotator.text.meta import ArticleMeta, extract_metadata
from annotator.text.normalise import normalise
from annotator.text.pipeline import (
    SEGMENTER_VERSION,
    PreparedArticle,
    PreparedPassage,
    passages_version,
    prepare_article,
    segment_article,
)
from annotator.text.segment import Piece, split_passages
from annotator.text.tokenize import Token, Tokenizer, default_tokenizer, load_default_words

__all__ = [
    "BODY",
    "BOILERPLATE",
    "DEFAULT_CUES",
    "SEGMENTER_VERSION",
    "ArticleMeta",
    "Classification",
    "Cue",
    "DecodeError",
    "Decoded",
    "PreparedArticle",
    "PreparedPassage",
    "Piece",
    "Token",
    "Tokenizer",
    "classify",
    "decode_bytes",
    "default_tokenizer",
    "extract_metadata",
    "find_cues",
    "load_default_words",
    "normalise",
    "passages_version",
    "prepare_article",
    "reject_reason_for_text",
    "segment_article",
    "split_passages",
]
