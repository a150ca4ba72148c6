import hashlib, re
from dataclasses import dataclass
from annotator.text.decode import DecodeError
from annotator.text.normalise import normalise
SEGMENTER_VERSION = "shim"
@dataclass(frozen=True)
class Meta:
    title: str; published: object = None; published_precision: object = None; source: object = None
@dataclass(frozen=True)
class PreparedPassage:
    index: int; start: int; end: int; text: str; kind: str; duplicate_of: object; reason: object
@dataclass(frozen=True)
class PreparedArticle:
    text: str; content_hash: str; meta: Meta; passages: tuple
def prepare_article(text, *, target=300, hard_max=500):
    text = normalise(text)
    if not text.strip(): raise DecodeError("empty file")
    ps = [PreparedPassage(i, m.start(), m.end(), m.group(), "body", None, None) for i, m in enumerate(re.finditer(r"\S(?:.*\S)?", text))]
    return PreparedArticle(text, hashlib.sha256(text.encode()).hexdigest(), Meta(ps[0].text), tuple(ps))
