"""Installed copies of the grammar and the JSON Schemas (mapped from the top-level grammar/ and schema/)."""
