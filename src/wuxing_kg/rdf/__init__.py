"""Extraction → RDF: namespaces from the ontology, deterministic IRIs, the mapping."""
