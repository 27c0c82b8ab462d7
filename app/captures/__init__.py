"""Captures of sources: WARC files written and read with warcio, stored by content hash."""
