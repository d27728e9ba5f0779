"""The web app: a thin Gradio layer over the domain services (see `ui` and `launch`)."""
