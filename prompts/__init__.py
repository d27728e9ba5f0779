"""Prompt templates, persona cards and line banks: data, installed as `rehearsal.prompts`.

Writers edit the files in this folder; see partner/WRITING.md. This file only makes the
folder a package so it ships inside the wheel (read with `importlib.resources`).
"""
