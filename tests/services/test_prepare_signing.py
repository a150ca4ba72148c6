"""The band keys an import prepares are each passage's own, however its texts repeat."""

from __future__ import annotations

from annotator.services.duplicates import band_keys, shingles, signable
from annotator.services.importing import ImportOptions, RawArticle
from annotator.services.importing.prepare import prepare_articles
from annotator.text.tokenize import default_tokenizer

REPRINTED = "开源模型的偏见与资料集，研究人员在会议上讨论了这个问题。"
OTHERS = [
    "另一段正文：团队公布了训练数据的来源和规模，并回答了记者的提问。",
    "——，。！？……（）【】《》“”‘’、；：——，。！？……（）【】",  # signable, no 3-gram
    "短句。",
]


def test_each_signed_passage_carries_its_own_texts_band_keys():
    # The same paragraph in several articles and twice in one: each distinct text is
    # signed once, and every passage still gets its own rows of keys, in order.
    articles = [
        RawArticle(text=f"第 {n} 篇\n\n" + "\n\n".join([REPRINTED, *OTHERS[n % 3 :], REPRINTED]))
        for n in range(5)
    ]
    ready, errors = prepare_articles(
        articles, default_tokenizer(), ImportOptions(), "a.jsonl", "utf-8"
    )
    assert not errors
    signed_texts = 0
    for article in ready:
        expected = [
            position
            for position, row in enumerate(article.passages)
            if signable(row.kind, row.text) and len(shingles(row.text))
        ]
        assert list(article.signed) == expected
        assert article.band_keys.tolist() == [
            band_keys(shingles(article.passages[p].text)) for p in expected
        ]
        signed_texts += len(expected)
    assert signed_texts > len(articles)  # repeats were signed, not only first occurrences
