"""The article reader: trade-press articles of the "Is season N coming or cancelled?" kind
turned into proposed facts, each with the sentence it came from. Pure Python: no network,
no database, no model."""

from series.articles.reader import read_article

__all__ = ["read_article"]
