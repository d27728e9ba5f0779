"""The article as Markdown, installed as `rehearsal.corpus` (see DESIGN.md, "Packaging").

This file only makes the folder a package so it ships inside the wheel.
"""
