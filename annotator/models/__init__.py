"""The data model: one graph from articles to gold labels."""

from annotator.models.annotations import (
    Annotation,
    AnnotationValue,
    GoldAnnotation,
    GoldSpan,
    GoldValue,
    Note,
    Prediction,
    Span,
)
from annotator.models.article_annotations import ArticleAnnotation, ArticleAnnotationValue
from annotator.models.audit import Event
from annotator.models.base import Base, utcnow
from annotator.models.corpus import Article, ArticleEditor, Passage, PassageLink
from annotator.models.jobs import Job
from annotator.models.label_state import (
    PassageResolvedLabel,
    PassageResolvedSpan,
    PassageSetState,
    PassageState,
)
from annotator.models.search import PassageSignature
from annotator.models.security import SignInThrottle
from annotator.models.settings import Claim, CueWord, DictionaryWord, HolderAlias, Setting
from annotator.models.users import ROLES, ApiToken, User
from annotator.models.vocabulary import CodebookVersion, Label, LabelSet

__all__ = [
    "ROLES",
    "Annotation",
    "AnnotationValue",
    "ApiToken",
    "Article",
    "ArticleAnnotation",
    "ArticleAnnotationValue",
    "ArticleEditor",
    "Base",
    "Claim",
    "CodebookVersion",
    "CueWord",
    "DictionaryWord",
    "Event",
    "GoldAnnotation",
    "GoldSpan",
    "GoldValue",
    "HolderAlias",
    "Job",
    "Label",
    "LabelSet",
    "Note",
    "Passage",
    "PassageLink",
    "PassageResolvedLabel",
    "PassageResolvedSpan",
    "PassageSetState",
    "PassageSignature",
    "PassageState",
    "Prediction",
    "Setting",
    "SignInThrottle",
    "Span",
    "User",
    "utcnow",
]
