"""Netwerkdossier: a family-centred network dossier for Dutch child and family protection."""
