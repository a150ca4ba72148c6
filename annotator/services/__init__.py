"""Use cases over the data model: they add and flush, the caller commits."""
