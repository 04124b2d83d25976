"""The Gradio chat UI: chat on the left, the passages behind each answer on the right."""

from ui.gradio_import import install

install()  # before any ui module imports gradio: skip its editor-stub rewrite (~1 s)
