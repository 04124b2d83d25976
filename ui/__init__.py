"""The Gradio chat UI: chat on the left, the passages behind each answer on the right."""
